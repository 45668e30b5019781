package dev.agentfleet.workflows.run;

/** A decision signal that was recorded and ignored, with the reason. */
public record IgnoredSignal(
    String approver, String decision, String stepId, String reason, long at) {}
