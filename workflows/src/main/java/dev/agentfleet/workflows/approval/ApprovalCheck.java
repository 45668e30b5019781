package dev.agentfleet.workflows.approval;

/**
 * A decision to verify, with the run's own facts it must have been signed for.
 *
 * @param workflowId the run that received the decision
 * @param stepId the approval step waiting in that run
 * @param requestedAt when that approval was opened, workflow time
 */
public record ApprovalCheck(
    String workflowId, String stepId, long requestedAt, ApprovalDecision decision) {}
