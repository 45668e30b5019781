package dev.agentfleet.starter.sandbox;

/**
 * A fault injected into a connector operation, as {@code fleet sandbox faults} shows it.
 *
 * @param target {@code connector.operation}; operation {@code *} is every operation
 * @param failRate the share of calls that fail as {@code ConnectorUnavailable}
 * @param timeoutRate the share of calls that fail as {@code ConnectorTimeout} after the latency
 * @param latencyMs how long every call waits first
 * @param until when the fault ends (ISO-8601), or null for until cleared
 * @param active false once {@code until} has passed
 */
public record SandboxFaultRow(
    String target,
    String connector,
    String operation,
    double failRate,
    double timeoutRate,
    long latencyMs,
    String until,
    boolean active,
    String updatedAt) {}
