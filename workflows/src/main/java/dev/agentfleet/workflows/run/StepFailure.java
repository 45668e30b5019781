package dev.agentfleet.workflows.run;

/** A step that failed for good: its id, the failure type and the message a person needs. */
public record StepFailure(String stepId, String type, String message) {}
