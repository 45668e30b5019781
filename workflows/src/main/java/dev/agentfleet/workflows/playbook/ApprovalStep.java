package dev.agentfleet.workflows.playbook;

import java.util.List;

/**
 * Waits for a human decision from someone holding {@code role}.
 *
 * @param summary a template for what the approver sees first
 * @param show the ids of the steps whose outputs make up the proposal shown to the approver
 * @param deadline ISO-8601 duration (for example {@code PT24H}) after which the request escalates
 * @param escalateTo the role that is notified, and may decide too, once the deadline passed
 * @param onApprove the step after an approval
 * @param onReject the step after a rejection
 * @param escalation a chain of roles, each reached once the previous level's time is up; takes the
 *     place of {@code escalateTo}
 * @param edit what an approver may edit instead of approving as proposed; null allows no edits
 * @param onEdit the step after an edit; {@code onApprove} when absent
 */
public record ApprovalStep(
    String id,
    String purpose,
    String role,
    String summary,
    List<String> show,
    String deadline,
    String escalateTo,
    String onApprove,
    String onReject,
    List<EscalationLevel> escalation,
    EditSpec edit,
    String onEdit)
    implements StepDef {

  public ApprovalStep {
    show = show == null ? List.of() : List.copyOf(show);
    escalation = escalation == null ? List.of() : List.copyOf(escalation);
  }

  /** The escalation chain: {@code escalation} when given, else the single {@code escalateTo}. */
  public List<EscalationLevel> escalationChain() {
    if (!escalation.isEmpty() || escalateTo == null) {
      return escalation;
    }
    return List.of(new EscalationLevel(escalateTo, null));
  }

  /** The step after an accepted edit. */
  public String afterEdit() {
    return onEdit == null ? onApprove : onEdit;
  }
}
