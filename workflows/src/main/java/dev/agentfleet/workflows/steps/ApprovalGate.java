package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
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
 */
public final class ApprovalGate {

  private ApprovalDecision accepted;

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
    accepted = decision;
  }

  /** Waits for the decision and returns the id of the next step. */
  public String await(ApprovalStep step, RunContext ctx) {
    long started = ctx.now();
    Duration deadline = Duration.parse(step.deadline());
    ctx.openApproval(request(step, ctx, started, deadline));
    ctx.audit("approval-requested", step.id(), null, "role=" + step.role());
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails("Waiting for a **" + step.role() + "** approver: " + step.id());
    if (!Workflow.await(deadline, () -> accepted != null)) {
      escalate(step, ctx);
      Workflow.await(() -> accepted != null);
    }
    ApprovalDecision decision = accepted;
    accepted = null;
    ctx.closeApproval(decision.decision(), decision.approver(), decision.comment());
    boolean approved = ApprovalDecision.APPROVE.equals(decision.decision());
    ctx.recordStep(
        step.id(),
        "approval",
        approved ? "approved" : "rejected",
        "by " + decision.approver(),
        started);
    return approved ? step.onApprove() : step.onReject();
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

  private String rejectionReason(ApprovalDecision d, ApprovalRequest pending) {
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
    if (accepted != null) {
      return "already decided by " + accepted.approver();
    }
    return null;
  }
}
