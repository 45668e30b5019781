package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.run.RunStatus;

/**
 * Ends the run in a terminal status with a reason a person can read.
 *
 * @param status one of the terminal statuses: completed, rejected, closed, failed
 */
public record EndStep(String id, String purpose, RunStatus status, String reason)
    implements StepDef {}
