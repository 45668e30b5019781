package dev.agentfleet.activities.cost;

import java.time.Instant;

/**
 * One model call as the {@code model_calls} table keeps it: who asked, which model answered, what
 * it cost and how long it took. No prompt and no output: the table is for accounting, and holds no
 * personal data.
 *
 * @param idempotencyKey the step's key ({@code workflowId/stepId}), the same for every attempt
 * @param cacheHit true when the response cache answered, at no cost
 */
public record ModelCall(
    String idempotencyKey,
    String workflowId,
    String agent,
    String stepId,
    String tier,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    double costUsd,
    long latencyMillis,
    boolean cacheHit,
    Instant at) {}
