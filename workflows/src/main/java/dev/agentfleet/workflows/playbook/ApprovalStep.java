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
    String onReject)
    implements StepDef {

  public ApprovalStep {
    show = show == null ? List.of() : List.copyOf(show);
  }
}
