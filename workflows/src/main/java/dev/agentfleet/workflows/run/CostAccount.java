package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.model.ModelResponse;

/**
 * What the run's model calls cost so far.
 *
 * @param modelCalls every model step answered, cache hits included
 * @param cacheHits the answers taken from the response cache, which cost nothing
 * @param latencyMillis the model calls' latency summed, as the activities measured it
 */
public record CostAccount(
    long modelCalls,
    long inputTokens,
    long outputTokens,
    double usd,
    long cacheHits,
    long latencyMillis) {

  public static final CostAccount ZERO = new CostAccount(0, 0, 0, 0.0, 0, 0);

  /** Adds one model call as its response accounts for it. */
  public CostAccount plus(ModelResponse response) {
    return new CostAccount(
        modelCalls + 1,
        inputTokens + response.inputTokens(),
        outputTokens + response.outputTokens(),
        usd + response.costUsd(),
        cacheHits + (response.cacheHit() ? 1 : 0),
        latencyMillis + response.latencyMillis());
  }
}
