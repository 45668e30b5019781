package dev.agentfleet.workflows.run;

/**
 * Why a run is parked in the dead-letter queue: the step that failed for good and its last error.
 *
 * @param at when the run was parked, workflow time (epoch ms)
 */
public record DeadLetter(String stepId, String errorType, String message, long at) {}
