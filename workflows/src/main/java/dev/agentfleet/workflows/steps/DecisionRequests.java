package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link ApprovalGate} asks of a decision besides its signature: that it read as a
 * decision at all, and that it names the request it answers. Each rule is versioned, so runs
 * recorded before it replay as they ran.
 */
final class DecisionRequests {

  /**
   * The {@link Workflow#getVersion} change id from which a malformed {@code decide} signal (a field
   * of the wrong type, not an object) is recorded as ignored with its reason; before, the SDK
   * dropped it with a log line.
   */
  static final String MALFORMED_DECISIONS_RECORDED = "malformed-decisions-recorded";

  /**
   * The {@link Workflow#getVersion} change id from which a decision must name the request it
   * answers ({@code stepId} and {@code requestedAt}); before, a decision without them was taken for
   * whatever approval was waiting.
   */
  static final String DECISION_NAMES_REQUEST = "decision-names-request";

  /** Why an unsigned decision is refused. */
  static final String UNSIGNED =
      "unsigned decision: approvals must be signed by the approvers' side (./fleet approve or"
          + " ./fleet reject); routed to review, the approval stays open";

  private DecisionRequests() {}

  /**
   * True for a malformed decision in a run recorded before malformed ones were kept: it is dropped
   * unread, as the SDK dropped it then. Call from the signal handler.
   */
  static boolean droppedUnread(ApprovalDecision decision) {
    return decision != null
        && decision.unreadable() != null
        && Workflow.getVersion(MALFORMED_DECISIONS_RECORDED, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION;
  }

  /**
   * Why the decision does not name the waiting request (its step and when it was opened), or null
   * when it does. A signature covers the run's own request, so without this a decision stripped of
   * both would be taken for whatever approval waits; it is recorded as ignored, audited, and the
   * approval stays open. Runs recorded before the rule (no {@value #DECISION_NAMES_REQUEST} marker)
   * take it as they did.
   */
  static String requestRefusal(ApprovalDecision d, RunContext ctx) {
    if (Workflow.getVersion(DECISION_NAMES_REQUEST, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return null;
    }
    String reason = unnamed(d, ctx.approvals().pending());
    if (reason != null) {
      ApprovalGate.ignore(d, reason, ctx);
      AuditFlush.flush(ctx);
    }
    return reason;
  }

  /**
   * Why a decision sent as the {@code decision} update is refused before the run takes it, or null
   * when the run may take it and have its signature verified. It asks what the signal path asks as
   * the signal arrives ({@link #rejectionReason}), and what that path finds out later without the
   * execution plane: that the decision is signed, in a role that may decide, for the request that
   * waits. It reads the run's state only (no version markers, no activities), so the update's
   * validator and its handler may both ask.
   */
  static String updateRefusal(ApprovalDecision d, ApprovalRequest pending) {
    String reason = rejectionReason(d, pending);
    if (reason != null) {
      return reason;
    }
    if (!d.hasSignature()) {
      return UNSIGNED;
    }
    if (d.role() != null && !pending.mayDecide(List.of(d.role()))) {
      return roleMayNotDecide(d.role(), pending);
    }
    return unnamed(d, pending);
  }

  /** Why a decision signed in {@code role} is refused when that role may not decide. */
  static String roleMayNotDecide(String role, ApprovalRequest pending) {
    return "signed in role '"
        + role
        + "', which may not decide step "
        + pending.stepId()
        + "; the approval stays open";
  }

  private static String unnamed(ApprovalDecision d, ApprovalRequest pending) {
    if (d.stepId() == null || d.stepId().isBlank()) {
      return "a decision must name the step it answers (stepId); '" + pending.stepId() + "' waits";
    }
    if (d.requestedAt() <= 0) {
      return "a decision must name the request it answers (requestedAt: when step '"
          + pending.stepId()
          + "' was opened, "
          + pending.requestedAt()
          + ")";
    }
    if (d.requestedAt() != pending.requestedAt()) {
      return "the decision answers the request opened at "
          + d.requestedAt()
          + ", but the one waiting on '"
          + pending.stepId()
          + "' was opened at "
          + pending.requestedAt();
    }
    return null;
  }

  /**
   * Why a decision signal is ignored as it arrives (malformed, nothing waiting, another step, not
   * approve/reject/edit, an edit not allowed or empty, no approver, a role that may not decide), or
   * null when it may be offered to the waiting approval.
   */
  static String rejectionReason(ApprovalDecision d, ApprovalRequest pending) {
    if (d == null) {
      return "empty decision";
    }
    if (d.unreadable() != null) {
      return "malformed decision: " + d.unreadable();
    }
    if (pending == null) {
      return "no approval is waiting in this run";
    }
    if (d.stepId() != null && !d.stepId().equals(pending.stepId())) {
      return "step '" + d.stepId() + "' is not waiting; '" + pending.stepId() + "' is";
    }
    boolean editing = ApprovalDecision.EDIT.equals(d.decision());
    if (!ApprovalDecision.APPROVE.equals(d.decision())
        && !ApprovalDecision.REJECT.equals(d.decision())
        && !editing) {
      return "decision must be approve, reject or edit, got '" + d.decision() + "'";
    }
    if (editing && pending.editable() == null) {
      return "step '" + pending.stepId() + "' allows no edits; approve or reject it";
    }
    if (editing && (d.values() == null || d.values().isEmpty())) {
      return "an edit needs the edited values";
    }
    if (d.approver() == null || d.approver().isBlank()) {
      return "a decision needs the approver's name";
    }
    if (!pending.mayDecide(d.roles())) {
      List<String> may = new ArrayList<>(List.of(pending.role()));
      may.addAll(pending.escalatedRoles());
      return d.approver() + " holds " + d.roles() + " but this step needs one of " + may;
    }
    return null;
  }
}
