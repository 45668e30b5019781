package dev.agentfleet.workflows.audit;

/**
 * One audit record: a decision, approval, model call, action or escalation, tied to its run.
 *
 * @param entryKey unique per entry ({@code workflowId#seq}), so a retried append writes it once
 * @param kind {@code decision}, {@code approval}, {@code model}, {@code action}, {@code
 *     escalation}, {@code signal-ignored}, {@code run}
 * @param actor who or what decided: a rule name, an approver, a model
 * @param detail a short JSON or text description; never raw personal data
 * @param at workflow time, epoch milliseconds
 */
public record AuditEntry(
    String entryKey,
    String workflowId,
    String recordId,
    String agent,
    String definitionHash,
    String kind,
    String stepId,
    String actor,
    String detail,
    long at) {}
