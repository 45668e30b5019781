package dev.agentfleet.workflows.run;

import java.util.Map;

/**
 * One compensation run during a rollback: which action it undid, how, and with what result.
 *
 * @param outcome {@code ok}, {@code replayed} or {@code error}
 */
public record Rollback(
    String stepId,
    String connector,
    String operation,
    String idempotencyKey,
    String outcome,
    Map<String, Object> result,
    long at) {}
