package dev.agentfleet.workflows.audit;

/**
 * The anchor workflow's input, and what it carries across continue-as-new.
 *
 * @param everySeconds how often the chain head is read and recorded
 * @param anchored the highest head recorded so far, which every later head must extend; null at the
 *     first start
 */
public record AuditAnchorInput(long everySeconds, AuditHead anchored) {}
