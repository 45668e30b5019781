package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import java.util.Map;

/**
 * A connector that acts outside the ledger's database. It is called between the claim and the
 * completion of the action's ledger row and sends the idempotency key along, so a repeat after a
 * crash is deduplicated by the other side.
 */
public non-sealed interface RemoteConnector extends Connector {

  /**
   * Performs the action.
   *
   * @throws io.temporal.failure.ApplicationFailure retryable when the other side may succeed later,
   *     non-retryable when it rejected the request
   */
  Map<String, Object> perform(ActionRequest request);
}
