package dev.agentfleet.workflows.run;

/**
 * One executed step.
 *
 * @param outcome {@code ok}, {@code error}, {@code approved}, {@code rejected}, a rule name, ...
 */
public record StepRecord(
    String stepId, String kind, String outcome, String detail, long startedAt, long finishedAt) {}
