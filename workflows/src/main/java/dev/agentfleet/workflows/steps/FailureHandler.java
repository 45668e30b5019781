package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AlertSpec;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.Compensation;
import dev.agentfleet.workflows.playbook.FailureOutcome;
import dev.agentfleet.workflows.playbook.FailurePolicy;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.Rollback;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.RunStatus;
import dev.agentfleet.workflows.run.StepFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a failed step's declared outcome once its retries are spent: escalate to a person, skip,
 * park in the dead-letter queue until an operator answers, compensate the completed actions in
 * reverse, alert, or fail the run. Every outcome is recorded in the run state and the audit log.
 *
 * <p>Runs started before failure policies existed (no {@value #CHANGE} marker) keep their old
 * behaviour: a step that fails without {@code onError} fails the run.
 */
public final class FailureHandler {

  /** The {@link Workflow#getVersion} change id that introduced failure policies. */
  public static final String CHANGE = "failure-policies";

  private final ApprovalGate approvals;
  private final DeadLetterDesk deadLetters = new DeadLetterDesk();

  public FailureHandler(ApprovalGate approvals) {
    this.approvals = approvals;
  }

  /** Offers an operator's answer to a dead-lettered run; call it from the signal method. */
  public void offer(DeadLetterAction action, RunContext ctx) {
    deadLetters.offer(action, ctx);
  }

  /** Refuses a dead-letter answer sent as an update that the run would not take; state only. */
  public void validate(DeadLetterAction action, RunContext ctx) {
    deadLetters.validate(action, ctx);
  }

  /** Hands a dead-letter answer sent as an update to the parked run; answers what it does now. */
  public RunReply answer(DeadLetterAction action, RunContext ctx) {
    return deadLetters.answer(action, ctx);
  }

  /**
   * Applies the policy of a step that failed for good and has no {@code onError} step.
   *
   * @return where the run goes: the next step (skip), the failed step again ({@link
   *     StepOutcome.Retry}), or nowhere: the run ended ({@link StepOutcome.Ended}) in the status
   *     the policy gave it
   */
  public StepOutcome.Resolved handle(StepDef step, StepFailure failure, RunContext ctx) {
    if (Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      ctx.finish(RunStatus.FAILED, "step " + step.id() + " failed and declares no onError step");
      return StepOutcome.ended();
    }
    FailureOutcome outcome = FailurePolicies.outcome(step);
    FailurePolicy policy = FailurePolicies.declared(step);
    ctx.audit(
        "failure-policy",
        step.id(),
        null,
        outcome.wireName() + " after " + failure.type() + ": " + failure.message());
    return switch (outcome) {
      case FAIL -> stop(step, failure, ctx);
      case SKIP -> skip(step, failure, ctx);
      case ALERT -> alert(step, failure, policy == null ? null : policy.alert(), ctx);
      case DEAD_LETTER -> deadLetter(step, failure, ctx);
      case ESCALATE -> escalate(step, failure, policy, ctx);
      case COMPENSATE -> compensate(step, failure, ctx);
    };
  }

  private static StepOutcome.Ended stop(StepDef step, StepFailure failure, RunContext ctx) {
    ctx.finish(
        RunStatus.FAILED,
        "step " + step.id() + " failed: " + failure.type() + ": " + failure.message());
    return StepOutcome.ended();
  }

  private static StepOutcome.Resolved skip(StepDef step, StepFailure failure, RunContext ctx) {
    String next = FailurePolicies.next(step);
    ctx.recordStep(step.id(), step.kind(), "skipped", failure.type(), ctx.now());
    return next == null ? stop(step, failure, ctx) : StepOutcome.next(next);
  }

  private static StepOutcome.Resolved alert(
      StepDef step, StepFailure failure, AlertSpec alert, RunContext ctx) {
    String channel = alert == null || alert.channel() == null ? "mail" : alert.channel();
    Map<String, Object> params = new LinkedHashMap<>();
    String text =
        "Run "
            + ctx.workflowId()
            + " ("
            + ctx.agent()
            + "): step "
            + step.id()
            + " failed: "
            + failure.type()
            + ": "
            + failure.message();
    boolean mail = !"webhook".equals(channel);
    if (mail) {
      params.put(
          "to",
          alert == null || alert.to() == null
              ? "role:operations"
              : Templates.render(alert.to(), ctx.variables()));
      params.put("subject", "Step failed: " + step.id() + " in " + ctx.workflowId());
      params.put("body", text);
    } else {
      if (alert.url() != null) {
        params.put("url", alert.url());
      }
      params.put("text", text);
      params.put("workflowId", ctx.workflowId());
      params.put("stepId", step.id());
    }
    ConnectorCatalog.Target target = mail ? ConnectorCatalog.MAIL : ConnectorCatalog.WEBHOOK_POST;
    ActionRequest request =
        ActionStepRunner.request(
            ctx,
            IdempotencyKeys.alert(ctx.keyScope(), step.id(), ctx.now()),
            step.id(),
            target.connector(),
            target.operation(),
            params,
            Attestation.none());
    try {
      StepActivities.action(StepActivities.summary(step.id(), "alert: " + channel))
          .execute(request);
      ctx.recordStep(step.id(), step.kind(), "alerted", channel, ctx.now());
    } catch (ActivityFailure f) {
      ctx.recordError(step.id(), Failures.type(f), "alert failed: " + Failures.message(f));
    }
    if (alert != null && alert.stops()) {
      return stop(step, failure, ctx);
    }
    return skip(step, failure, ctx);
  }

  private StepOutcome.Resolved deadLetter(StepDef step, StepFailure failure, RunContext ctx) {
    DeadLetterAction action = deadLetters.park(step, failure, ctx);
    return switch (action.action()) {
      case DeadLetterAction.RETRY -> StepOutcome.retry();
      case DeadLetterAction.SKIP -> skip(step, failure, ctx);
      default -> {
        ctx.finish(
            RunStatus.FAILED,
            "aborted from the dead-letter queue by "
                + action.operator()
                + (action.reason() == null ? "" : ": " + action.reason()));
        yield StepOutcome.ended();
      }
    };
  }

  private StepOutcome.Resolved escalate(
      StepDef step, StepFailure failure, FailurePolicy policy, RunContext ctx) {
    String role = policy == null ? FailurePolicy.DEFAULT_REVIEW_ROLE : policy.reviewRole();
    ApprovalStep review =
        ApprovalGate.adHoc(
            step.id() + ":review",
            "Review the failure of " + step.id(),
            role,
            "Step "
                + step.id()
                + " of "
                + ctx.agent()
                + " failed for good ("
                + failure.type()
                + "). Approve to retry the step, reject to stop the run.",
            List.of(),
            "PT72H");
    if (approvals.await(review, ctx, null).goesAhead()) {
      return StepOutcome.retry();
    }
    ctx.finish(RunStatus.FAILED, "stopped by a reviewer after step " + step.id() + " failed");
    return StepOutcome.ended();
  }

  /** The compensation an action step, or a map step's inner action, declares; null if none. */
  private static Compensation compensationOf(StepDef step) {
    return switch (step) {
      case ActionStep a -> a.compensate();
      case MapStep m when m.step() instanceof ActionStep inner -> inner.compensate();
      case null, default -> null;
    };
  }

  /**
   * Runs the compensation of every completed action that declares one, newest first, each once
   * (idempotency key: the action's own key followed by {@code /compensate}), and ends the run
   * rolled back. A compensation's templates read the run state and, as {@code result}, the result
   * of the action it undoes (for a map item, that item's).
   */
  private static StepOutcome.Ended compensate(StepDef step, StepFailure failure, RunContext ctx) {
    List<ActionRecord> done = new ArrayList<>(ctx.actions());
    Collections.reverse(done);
    int undone = 0;
    int failed = 0;
    for (ActionRecord action : done) {
      Compensation c = compensationOf(ctx.definition().step(action.stepId()).orElse(null));
      if (c == null) {
        continue;
      }
      String key = IdempotencyKeys.compensation(action.idempotencyKey());
      Map<String, Object> vars = ctx.variables();
      vars.put("result", action.result() == null ? Map.of() : action.result());
      ActionRequest request =
          ActionStepRunner.request(
              ctx,
              key,
              action.stepId(),
              c.connector(),
              c.operation(),
              ActionStepRunner.render(c.params(), vars),
              Attestation.none());
      String summary =
          StepActivities.summary(
              action.stepId(), "compensate: " + c.connector() + "." + c.operation());
      try {
        ActionResult result = StepActivities.action(summary).execute(request);
        ctx.recordRollback(
            new Rollback(
                action.stepId(),
                c.connector(),
                c.operation(),
                key,
                result.replayed() ? "replayed" : "ok",
                result.result(),
                ctx.now()));
        undone++;
      } catch (ActivityFailure f) {
        failed++;
        ctx.recordError(
            action.stepId(), Failures.type(f), "compensation failed: " + Failures.message(f));
        ctx.recordRollback(
            new Rollback(
                action.stepId(), c.connector(), c.operation(), key, "error", Map.of(), ctx.now()));
      }
    }
    if (failed > 0) {
      ctx.finish(
          RunStatus.FAILED,
          "rollback incomplete: "
              + failed
              + " compensation(s) failed after step "
              + step.id()
              + " failed; see the errors");
      return StepOutcome.ended();
    }
    ctx.finish(
        RunStatus.ROLLED_BACK,
        "rolled back "
            + undone
            + " action(s) after step "
            + step.id()
            + " failed: "
            + failure.type());
    return StepOutcome.ended();
  }
}
