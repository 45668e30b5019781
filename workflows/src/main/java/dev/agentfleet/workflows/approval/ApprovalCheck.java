package dev.agentfleet.workflows.approval;

import java.util.Map;

/**
 * A decision to verify, with the run's own facts it must have been signed for.
 *
 * @param workflowId the run that received the decision
 * @param stepId the approval step waiting in that run
 * @param requestedAt when that approval was opened, workflow time
 * @param editSchema the JSON Schema an edit's values must satisfy; null when the step allows no
 *     edits
 * @param effect what the waiting approval leads to, as the run computed it; a v3 decision's
 *     signature must cover it (null: the approval leads to no action)
 */
public record ApprovalCheck(
    String workflowId,
    String stepId,
    long requestedAt,
    ApprovalDecision decision,
    Map<String, Object> editSchema,
    ProposedEffect effect) {

  /** A check of a decision on an approval that leads to no known effect. */
  public ApprovalCheck(
      String workflowId,
      String stepId,
      long requestedAt,
      ApprovalDecision decision,
      Map<String, Object> editSchema) {
    this(workflowId, stepId, requestedAt, decision, editSchema, null);
  }

  /** A check of a decision on an approval that allows no edits. */
  public ApprovalCheck(
      String workflowId, String stepId, long requestedAt, ApprovalDecision decision) {
    this(workflowId, stepId, requestedAt, decision, null, null);
  }
}
