package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.run.RunStatus;

/**
 * What a batch's child run tells the batch when it first stops to wait (for an approval, a timer or
 * an event, or in the dead-letter queue): it no longer holds a place in the batch's concurrency
 * window.
 *
 * @param workflowId the child run's workflow id
 * @param status the status the run waits in
 */
public record ChildSettled(String workflowId, RunStatus status) {}
