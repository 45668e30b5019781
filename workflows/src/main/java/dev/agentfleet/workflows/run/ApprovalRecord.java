package dev.agentfleet.workflows.run;

/**
 * The life of one approval request.
 *
 * @param status {@code pending}, {@code approved} or {@code rejected}
 * @param escalated true once the deadline passed and the escalation role was notified
 */
public record ApprovalRecord(
    String stepId,
    String role,
    String status,
    String decidedBy,
    String comment,
    long requestedAt,
    long deadlineAt,
    long decidedAt,
    boolean escalated) {}
