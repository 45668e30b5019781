package dev.agentfleet.starter.records;

/**
 * An input line that cannot become a run.
 *
 * @param line the 1-based line number in the input
 * @param error what is wrong with it, in words a person can act on
 */
public record Rejection(int line, String error) {}
