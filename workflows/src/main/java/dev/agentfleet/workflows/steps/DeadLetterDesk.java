package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.StepFailure;
import io.temporal.workflow.Workflow;
import java.util.Set;

/**
 * The dead-letter queue of one run: parks the run at a step that failed for good until an operator
 * answers ({@code ./fleet dlq retry|skip|abort}). An answer that is none of those, comes when the
 * run is not parked, or comes after another was taken is recorded as ignored, with its reason. The
 * answer comes as the {@code dlq-answer} update, which refuses such an answer at once and otherwise
 * answers with what the run does now, or as the {@code dlq} signal from callers that predate it;
 * once taken, both go the same way.
 */
final class DeadLetterDesk {

  private static final Set<String> ACTIONS =
      Set.of(DeadLetterAction.RETRY, DeadLetterAction.SKIP, DeadLetterAction.ABORT);

  private DeadLetterAction answer;

  /** Offers an operator's answer to a dead-lettered run; call it from the signal method. */
  void offer(DeadLetterAction action, RunContext ctx) {
    String reason = refusal(action, ctx);
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
   * The {@code dlq-answer} update's validator: refuses what the signal would have ignored, and an
   * answer that names no operator (the audit log records who answered). Reads the run's state only.
   */
  void validate(DeadLetterAction action, RunContext ctx) {
    String reason = updateRefusal(action, ctx);
    if (reason != null) {
      throw RunReply.refusal(reason);
    }
  }

  /**
   * The {@code dlq-answer} update's handler: hands the answer to the parked run, waits until the
   * run took it out of the queue and says what it does now. It asks the validator's questions again
   * (the validator does not run on replay), so it never waits for a run that is not parked.
   */
  RunReply answer(DeadLetterAction action, RunContext ctx) {
    String reason = updateRefusal(action, ctx);
    if (reason != null) {
      return RunReply.refused(reason, ctx);
    }
    String stepId = ctx.approvals().deadLetter().stepId();
    answer = action;
    Workflow.await(() -> answer != action);
    String did =
        switch (action.action()) {
          case DeadLetterAction.RETRY -> "retrying step " + stepId;
          case DeadLetterAction.SKIP -> "skipped step " + stepId;
          default -> "aborted the run at step " + stepId;
        };
    return RunReply.accepted(did + " for " + action.operator(), ctx);
  }

  private String updateRefusal(DeadLetterAction action, RunContext ctx) {
    String reason = refusal(action, ctx);
    if (reason == null && (action.operator() == null || action.operator().isBlank())) {
      reason = "a dlq answer needs the operator's name";
    }
    return reason;
  }

  /** Why an answer is ignored: none of retry, skip, abort; the run not parked; already answered. */
  private String refusal(DeadLetterAction action, RunContext ctx) {
    if (action == null || !ACTIONS.contains(action.action())) {
      return "a dlq answer must be retry, skip or abort";
    }
    if (ctx.approvals().deadLetter() == null) {
      return "the run is not dead-lettered";
    }
    if (answer != null) {
      return "the run already has an answer: " + answer.action();
    }
    return null;
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
