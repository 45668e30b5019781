package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalActivities;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link ApprovalStep}: publishes what the approver sees, waits for a valid decision
 * signal, and escalates when the deadline passes (records it, notifies the escalation role, and
 * keeps waiting). Decisions that are invalid, unauthorised, duplicate or arrive when nothing is
 * waiting are recorded and ignored; they never fail the run.
 *
 * <p>A well-formed decision is accepted only when it is attested: signed by the approvers' side
 * over this run's waiting request, as {@link ApprovalActivities#verify} confirms with the workers'
 * public keys. An unsigned or badly signed decision (a raw {@code temporal workflow signal}, a
 * forgery, a signature made for another run or step) is refused: recorded with its reason, written
 * to the audit log as {@code approval-refused}, and the approval stays open for a person. Runs
 * started before attested approvals (no {@value #ATTESTED_APPROVALS} marker in their history) keep
 * accepting decisions as they did; the guarded connectors still refuse their unsigned attestations.
 */
public final class ApprovalGate {

  /** The {@link Workflow#getVersion} change id that introduced attested approvals. */
  public static final String ATTESTED_APPROVALS = "attested-approvals";

  private static final ActivityOptions VERIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /** Well-formed decisions offered for the waiting approval, not yet verified, oldest first. */
  private final List<ApprovalDecision> offered = new ArrayList<>();

  /** Offers a decision signal; call it from the workflow's signal method. */
  public void offer(ApprovalDecision decision, RunContext ctx) {
    String reason = rejectionReason(decision, ctx.pendingApproval());
    if (reason != null) {
      ctx.recordIgnoredSignal(
          new IgnoredSignal(
              decision == null ? null : decision.approver(),
              decision == null ? null : decision.decision(),
              decision == null ? null : decision.stepId(),
              reason,
              ctx.now()));
      return;
    }
    offered.add(decision);
  }

  /** Waits for the decision and returns the id of the next step. */
  public String await(ApprovalStep step, RunContext ctx) {
    long started = ctx.now();
    Duration deadline = Duration.parse(step.deadline());
    ctx.openApproval(request(step, ctx, started, deadline));
    ctx.audit("approval-requested", step.id(), null, "role=" + step.role());
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails("Waiting for a **" + step.role() + "** approver: " + step.id());
    ApprovalDecision decision = awaitAttested(step, ctx, deadline);
    ctx.closeApproval(decision);
    boolean approved = ApprovalDecision.APPROVE.equals(decision.decision());
    ctx.recordStep(
        step.id(),
        "approval",
        approved ? "approved" : "rejected",
        "by " + decision.approver(),
        started);
    return approved ? step.onApprove() : step.onReject();
  }

  /**
   * Waits until an offered decision is attested, refusing the others; escalates once when the
   * deadline passes first. The deadline counts from the start of the wait, refusals do not extend
   * it.
   */
  private ApprovalDecision awaitAttested(ApprovalStep step, RunContext ctx, Duration deadline) {
    long deadlineAt = ctx.now() + deadline.toMillis();
    boolean escalated = false;
    while (true) {
      if (escalated) {
        Workflow.await(() -> !offered.isEmpty());
      } else {
        long left = deadlineAt - ctx.now();
        if (left <= 0 || !Workflow.await(Duration.ofMillis(left), () -> !offered.isEmpty())) {
          escalate(step, ctx);
          escalated = true;
          continue;
        }
      }
      ApprovalDecision candidate = offered.remove(0);
      if (attested(candidate, ctx)) {
        for (ApprovalDecision late : offered) {
          ignore(late, "already decided by " + candidate.approver(), ctx);
        }
        offered.clear();
        return candidate;
      }
    }
  }

  /** True when the decision may be accepted; otherwise it is refused and recorded. */
  private boolean attested(ApprovalDecision decision, RunContext ctx) {
    int version = Workflow.getVersion(ATTESTED_APPROVALS, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return true;
    }
    ApprovalRequest pending = ctx.pendingApproval();
    String reason;
    if (!decision.hasSignature()) {
      reason =
          "unsigned decision: approvals must be signed by the approvers' side (./fleet approve or"
              + " ./fleet reject); routed to review, the approval stays open";
    } else {
      reason = verify(decision, pending, ctx);
    }
    if (reason == null) {
      return true;
    }
    ctx.refuseDecision(
        new IgnoredSignal(
            decision.approver(), decision.decision(), pending.stepId(), reason, ctx.now()));
    AuditFlush.flush(ctx);
    return false;
  }

  /** Asks the execution plane to verify the signature; returns why it is refused, or null. */
  private static String verify(ApprovalDecision decision, ApprovalRequest pending, RunContext ctx) {
    ApprovalActivities verifier =
        Workflow.newActivityStub(
            ApprovalActivities.class,
            VERIFY.toBuilder()
                .setSummary(
                    StepActivities.summary(
                        pending.stepId(), "verify " + decision.approver() + "'s signature"))
                .build());
    try {
      ApprovalVerdict verdict =
          verifier.verify(
              new ApprovalCheck(
                  ctx.workflowId(), pending.stepId(), pending.requestedAt(), decision));
      return verdict.valid() ? null : "signature refused: " + verdict.reason();
    } catch (ActivityFailure failure) {
      return "the signature could not be verified ("
          + Failures.message(failure)
          + "); decide again once the workers can verify it";
    }
  }

  private static void ignore(ApprovalDecision decision, String reason, RunContext ctx) {
    ctx.recordIgnoredSignal(
        new IgnoredSignal(
            decision.approver(), decision.decision(), decision.stepId(), reason, ctx.now()));
  }

  private void escalate(ApprovalStep step, RunContext ctx) {
    String to = step.escalateTo() == null ? step.role() : step.escalateTo();
    ctx.escalateApproval(step.escalateTo());
    ctx.audit(
        "escalation", step.id(), null, "deadline " + step.deadline() + " passed; notify " + to);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("to", "role:" + to);
    params.put("subject", "Approval overdue: " + ctx.workflowId() + " (" + step.id() + ")");
    params.put("body", ctx.pendingApproval().summary());
    ActionRequest notify =
        new ActionRequest(
            ctx.workflowId() + "/" + step.id() + "/escalation",
            ctx.workflowId(),
            ctx.item().id(),
            ctx.agent(),
            step.id(),
            "mailer",
            "notify",
            params,
            Attestation.none());
    try {
      StepActivities.action(StepActivities.summary(step.id(), "notify " + to + ": overdue"))
          .execute(notify);
    } catch (ActivityFailure failure) {
      ctx.recordError(step.id(), Failures.type(failure), Failures.message(failure));
    }
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails(
        "Escalated to **" + to + "**: waiting for a decision on " + step.id());
  }

  private static ApprovalRequest request(
      ApprovalStep step, RunContext ctx, long now, Duration deadline) {
    Map<String, Object> vars = ctx.variables();
    Map<String, Object> proposal = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    for (String shown : step.show()) {
      Map<String, Object> output = ctx.output(shown);
      if (output != null) {
        proposal.put(shown, output);
        if (output.get("reasons") instanceof List<?> list) {
          list.forEach(r -> reasons.add(String.valueOf(r)));
        }
      }
    }
    return new ApprovalRequest(
        step.id(),
        step.role(),
        null,
        Templates.render(step.summary(), vars),
        proposal,
        ctx.confidence(),
        reasons,
        ctx.cost().usd(),
        now,
        now + deadline.toMillis());
  }

  private static String rejectionReason(ApprovalDecision d, ApprovalRequest pending) {
    if (d == null) {
      return "empty decision";
    }
    if (pending == null) {
      return "no approval is waiting in this run";
    }
    if (d.stepId() != null && !d.stepId().equals(pending.stepId())) {
      return "step '" + d.stepId() + "' is not waiting; '" + pending.stepId() + "' is";
    }
    if (!ApprovalDecision.APPROVE.equals(d.decision())
        && !ApprovalDecision.REJECT.equals(d.decision())) {
      return "decision must be approve or reject, got '" + d.decision() + "'";
    }
    if (d.approver() == null || d.approver().isBlank()) {
      return "a decision needs the approver's name";
    }
    boolean mayDecide =
        d.roles().contains(pending.role())
            || (pending.escalatedTo() != null && d.roles().contains(pending.escalatedTo()));
    if (!mayDecide) {
      return d.approver()
          + " holds "
          + d.roles()
          + " but this step needs role "
          + pending.role()
          + (pending.escalatedTo() == null ? "" : " or " + pending.escalatedTo());
    }
    return null;
  }
}
