package dev.agentfleet.workflows.run;

/** A failure the run handled: where, of what type, and what it said. */
public record RunError(String stepId, String type, String message, long at) {}
