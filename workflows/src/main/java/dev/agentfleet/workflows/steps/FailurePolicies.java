package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.FailureOutcome;
import dev.agentfleet.workflows.playbook.FailurePolicy;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.NotifyStep;
import dev.agentfleet.workflows.playbook.RetrySpec;
import dev.agentfleet.workflows.playbook.StepDef;
import java.util.List;

/**
 * The failure policy each step kind has when its playbook declares none: model steps and agent
 * loops escalate to a person, actions and fan-outs are dead-lettered (an effect half-done is for an
 * operator to finish, not to guess at), notifications are skipped. Retries: the fleet's defaults
 * per activity kind (see {@link StepActivities}), five attempts for notifications.
 */
public final class FailurePolicies {

  /** Notifications retry five times before their outcome applies. */
  static final RetrySpec NOTIFY_RETRY = new RetrySpec(null, null, null, 5, List.of());

  private FailurePolicies() {}

  /** The declared retry policy, or null for the step kind's default. */
  static RetrySpec retry(FailurePolicy policy) {
    return policy == null ? null : policy.retry();
  }

  /** The policy a step declares, or null. */
  public static FailurePolicy declared(StepDef step) {
    return switch (step) {
      case ModelStep m -> m.onFailure();
      case ActionStep a -> a.onFailure();
      case NotifyStep n -> n.onFailure();
      case MapStep m -> m.onFailure();
      case AgentStep a -> a.onFailure();
      default -> null;
    };
  }

  /** The outcome of a step that failed for good: the declared one, else the kind's default. */
  public static FailureOutcome outcome(StepDef step) {
    FailurePolicy policy = declared(step);
    if (policy != null && policy.then() != null) {
      return policy.then();
    }
    return switch (step) {
      case ModelStep m -> FailureOutcome.ESCALATE;
      case AgentStep a -> FailureOutcome.ESCALATE;
      case ActionStep a -> FailureOutcome.DEAD_LETTER;
      case MapStep m -> FailureOutcome.DEAD_LETTER;
      case NotifyStep n -> FailureOutcome.SKIP;
      default -> FailureOutcome.FAIL;
    };
  }

  /** The step a run continues at after the failed step is skipped or alerted on; null if none. */
  public static String next(StepDef step) {
    return switch (step) {
      case ModelStep m -> m.next();
      case ActionStep a -> a.next();
      case NotifyStep n -> n.next();
      case MapStep m -> m.next();
      case AgentStep a -> a.next();
      default -> null;
    };
  }

  /** The step's {@code onError}, the foundation's "go to this step when it fails". */
  public static String onError(StepDef step) {
    return switch (step) {
      case ModelStep m -> m.onError();
      case ActionStep a -> a.onError();
      case AgentStep a -> a.onError();
      default -> null;
    };
  }
}
