package dev.agentfleet.starter.records;

/**
 * A record whose id already appeared earlier in the same input.
 *
 * @param line the 1-based line number of the repeated record
 * @param firstLine the line where the id appeared first
 */
public record Duplicate(int line, String recordId, int firstLine) {}
