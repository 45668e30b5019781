package dev.agentfleet.workflows.model;

import java.util.Map;

/**
 * A model output that satisfied its step's contract, with its account.
 *
 * @param output the validated structured output
 * @param provider {@code offline}, {@code openai}, ...; an offline answer says so here
 * @param repairs how many repair rounds it took to satisfy the contract
 */
public record ModelResponse(
    Map<String, Object> output,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    double costUsd,
    int repairs,
    long latencyMillis) {}
