package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.StepFailure;
import io.temporal.workflow.Workflow;
import java.util.Set;

/**
 * The dead-letter queue of one run: parks the run at a step that failed for good until an operator
 * answers ({@code ./fleet dlq retry|skip|abort}). An answer that is none of those, comes when the
 * run is not parked, or comes after another was taken is recorded as ignored, with its reason.
 */
final class DeadLetterDesk {

  private static final Set<String> ACTIONS =
      Set.of(DeadLetterAction.RETRY, DeadLetterAction.SKIP, DeadLetterAction.ABORT);

  private DeadLetterAction answer;

  /** Offers an operator's answer to a dead-lettered run; call it from the signal method. */
  void offer(DeadLetterAction action, RunContext ctx) {
    String reason = null;
    if (action == null || !ACTIONS.contains(action.action())) {
      reason = "a dlq answer must be retry, skip or abort";
    } else if (ctx.approvals().deadLetter() == null) {
      reason = "the run is not dead-lettered";
    } else if (answer != null) {
      reason = "the run already has an answer: " + answer.action();
    }
    if (reason != null) {
      ctx.approvals()
          .ignore(
              new IgnoredSignal(
                  action == null ? null : action.operator(),
                  action == null ? null : "dlq " + action.action(),
                  ctx.approvals().deadLetter() == null
                      ? null
                      : ctx.approvals().deadLetter().stepId(),
                  reason,
                  ctx.now()));
      return;
    }
    answer = action;
  }

  /**
   * Parks the run at {@code step}, which failed for good, until an operator answers, and takes the
   * run out again.
   *
   * @return the operator's answer: retry, skip or abort
   */
  DeadLetterAction park(StepDef step, StepFailure failure, RunContext ctx) {
    ctx.approvals().park(new DeadLetter(step.id(), failure.type(), failure.message(), ctx.now()));
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails(
        "Dead-lettered at **"
            + step.id()
            + "** ("
            + failure.type()
            + "): waiting for `./fleet dlq retry|skip|abort "
            + ctx.workflowId()
            + "`");
    Workflow.await(() -> answer != null);
    DeadLetterAction action = answer;
    answer = null;
    ctx.approvals().release(action);
    return action;
  }
}
