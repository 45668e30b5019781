package dev.agentfleet.workflows.run;

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

  /** Adds one model call that did not come from the cache and whose latency is unknown. */
  public CostAccount plus(long inputTokens, long outputTokens, double usd) {
    return plus(inputTokens, outputTokens, usd, false, 0);
  }

  /** Adds one model call. */
  public CostAccount plus(
      long inputTokens, long outputTokens, double usd, boolean cacheHit, long latencyMillis) {
    return new CostAccount(
        modelCalls + 1,
        this.inputTokens + inputTokens,
        this.outputTokens + outputTokens,
        this.usd + usd,
        cacheHits + (cacheHit ? 1 : 0),
        this.latencyMillis + latencyMillis);
  }
}
