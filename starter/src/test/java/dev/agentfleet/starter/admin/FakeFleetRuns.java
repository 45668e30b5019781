package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory stand-in for the Temporal side: runs waiting with a given request, a record of the
 * decisions sent, and a run that accepts a decision (or refuses it, when told to) the way {@code
 * AgentWorkflow} answers the decision update and records it; or, when told its worker predates the
 * update, takes the decision as the signal and answers nothing.
 */
final class FakeFleetRuns implements FleetRuns {

  record Sent(String workflowId, ApprovalDecision decision) {}

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Map<String, RunState> states = new LinkedHashMap<>();
  private String ignoreWith;
  private String refuseWith;
  private boolean predatesUpdates;

  /** When set, {@link #webUiLink} throws it: a failure the page does not expect. */
  volatile RuntimeException webUiFailure;

  /** Adds a run waiting on {@code request}. */
  synchronized FakeFleetRuns waiting(String workflowId, String subject, ApprovalRequest request) {
    List<ApprovalRecord> approvals = new ArrayList<>();
    approvals.add(
        new ApprovalRecord(
            request.stepId(),
            request.role(),
            "pending",
            null,
            null,
            request.requestedAt(),
            request.deadlineAt(),
            0,
            !request.escalatedRoles().isEmpty()));
    states.put(
        workflowId,
        state(
            workflowId,
            subject,
            RunStatus.WAITING_APPROVAL,
            request.stepId(),
            approvals,
            request,
            List.of()));
    return this;
  }

  /** Adds (or replaces) a run in exactly this state. */
  synchronized FakeFleetRuns put(RunState state) {
    states.put(state.workflowId(), state);
    return this;
  }

  /**
   * From now on the runs refuse decisions for {@code reason} after taking them in (a signature the
   * workers do not trust): recorded in the run as ignored, and answered refused.
   */
  synchronized void ignoreDecisions(String reason) {
    this.ignoreWith = reason;
  }

  /**
   * From now on the runs' validator refuses decisions for {@code reason}: answered refused, with no
   * trace in the run.
   */
  synchronized void refuseDecisions(String reason) {
    this.refuseWith = reason;
  }

  /** From now on the runs' worker predates the decision update: decisions arrive as signals. */
  synchronized void predateUpdates() {
    this.predatesUpdates = true;
  }

  @Override
  public synchronized List<String> waitingForApproval(int limit) {
    // Visibility lists newest first; the queue must sort by the request's age itself.
    List<String> ids = new ArrayList<>();
    states.forEach(
        (id, state) -> {
          if (state.pendingApproval() != null) {
            ids.add(0, id);
          }
        });
    return ids.subList(0, Math.min(limit, ids.size()));
  }

  @Override
  public synchronized RunState state(String workflowId) {
    RunState state = states.get(workflowId);
    if (state == null) {
      throw new IllegalStateException("no run with id '" + workflowId + "'");
    }
    return state;
  }

  @Override
  public synchronized RunUpdates.Answer decide(String workflowId, ApprovalDecision decision) {
    sent.add(new Sent(workflowId, decision));
    if (refuseWith != null && !predatesUpdates) {
      return new RunUpdates.Refused(refuseWith);
    }
    RunState before = state(workflowId);
    if (ignoreWith != null) {
      List<IgnoredSignal> ignored = new ArrayList<>(before.ignoredSignals());
      ignored.add(
          new IgnoredSignal(
              decision.approver(), decision.decision(), decision.stepId(), ignoreWith, 1));
      states.put(workflowId, withIgnored(before, ignored));
      return predatesUpdates
          ? new RunUpdates.SentAsSignal("decide")
          : new RunUpdates.Refused(ignoreWith);
    }
    List<ApprovalRecord> approvals = new ArrayList<>();
    for (ApprovalRecord a : before.approvals()) {
      approvals.add(
          a.status().equals("pending")
              ? new ApprovalRecord(
                  a.stepId(),
                  a.role(),
                  ApprovalDecision.EDIT.equals(decision.decision())
                      ? "edited"
                      : decision.goesAhead() ? "approved" : "rejected",
                  decision.approver(),
                  decision.comment(),
                  a.requestedAt(),
                  a.deadlineAt(),
                  2,
                  a.escalated())
              : a);
    }
    RunStatus after = decision.goesAhead() ? RunStatus.COMPLETED : RunStatus.REJECTED;
    states.put(
        workflowId,
        state(
            workflowId, before.subject(), after, "end", approvals, null, before.ignoredSignals()));
    if (predatesUpdates) {
      return new RunUpdates.SentAsSignal("decide");
    }
    return new RunUpdates.Accepted(
        new RunReply(
            true,
            decision.decision() + " step " + decision.stepId() + " as " + decision.approver(),
            after,
            null));
  }

  @Override
  public String webUiLink(String workflowId) {
    if (webUiFailure != null) {
      throw webUiFailure;
    }
    return "http://localhost:8233/namespaces/default/workflows/" + Html.segment(workflowId);
  }

  private static RunState withIgnored(RunState s, List<IgnoredSignal> ignored) {
    return state(
        s.workflowId(),
        s.subject(),
        s.status(),
        s.currentStep(),
        s.approvals(),
        s.pendingApproval(),
        ignored);
  }

  private static RunState state(
      String workflowId,
      String subject,
      RunStatus status,
      String step,
      List<ApprovalRecord> approvals,
      ApprovalRequest pending,
      List<IgnoredSignal> ignored) {
    return new RunState(
        workflowId,
        "support-triage",
        "hash",
        workflowId.substring(workflowId.indexOf('/') + 1),
        subject,
        status,
        step,
        "refund",
        0.7,
        Map.of(),
        List.of(),
        List.of(),
        List.copyOf(approvals),
        pending,
        List.of(),
        List.copyOf(ignored),
        List.of(),
        new CostAccount(2, 100, 50, 0.0012, 0, 30),
        null,
        null,
        List.of(),
        List.of());
  }

  /** A request for {@code role} opened at {@code requestedAt}, escalated to {@code escalated}. */
  static ApprovalRequest request(
      String stepId,
      String role,
      long requestedAt,
      Map<String, Object> editable,
      String... escalated) {
    return new ApprovalRequest(
        stepId,
        role,
        escalated.length == 0 ? null : escalated[escalated.length - 1],
        "Refund 129.00 USD for order 88123",
        Map.of("extract", Map.of("amount", 129.0, "currency", "USD")),
        0.62,
        List.of("amount above the automatic limit"),
        0.0012,
        requestedAt,
        requestedAt + 86_400_000L,
        List.of(escalated),
        editable);
  }
}
