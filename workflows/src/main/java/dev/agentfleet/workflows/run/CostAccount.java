package dev.agentfleet.workflows.run;

/** What the run's model calls cost so far. */
public record CostAccount(long modelCalls, long inputTokens, long outputTokens, double usd) {

  public static final CostAccount ZERO = new CostAccount(0, 0, 0, 0.0);

  public CostAccount plus(long inputTokens, long outputTokens, double usd) {
    return new CostAccount(
        modelCalls + 1,
        this.inputTokens + inputTokens,
        this.outputTokens + outputTokens,
        this.usd + usd);
  }
}
