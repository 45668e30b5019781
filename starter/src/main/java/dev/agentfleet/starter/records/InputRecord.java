package dev.agentfleet.starter.records;

import dev.agentfleet.workflows.run.WorkItem;

/**
 * A valid input record and the line it came from.
 *
 * @param line the 1-based line number in the input
 */
public record InputRecord(int line, WorkItem item) {}
