package dev.agentfleet.workflows.action;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The execution plane's connectors. Every call is idempotent by its key: a retry after a crash
 * returns the ledger's recorded result instead of acting twice. Guarded operations verify the
 * attestation and fail with {@link #APPROVAL_REQUIRED} when it does not allow them.
 */
@ActivityInterface
public interface ActionActivities {

  /** Failure type of an action the attestation does not allow; never retried. */
  String APPROVAL_REQUIRED = "ApprovalRequired";

  /** Failure type of a request the connector cannot understand; never retried. */
  String INVALID_ACTION = "InvalidAction";

  /** Performs the action once and records its effect in the ledger. */
  @ActivityMethod(name = "ActionExecute")
  ActionResult execute(ActionRequest request);
}
