package dev.agentfleet.workflows.run;

/**
 * A routing decision: which rule fired (or {@code otherwise}) and where it sent the run.
 *
 * @param expression the CEL condition of the rule that fired; null for {@code otherwise}
 */
public record Decision(String stepId, String rule, String expression, String next, long at) {}
