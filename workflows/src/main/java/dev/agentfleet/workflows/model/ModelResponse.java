package dev.agentfleet.workflows.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A model output that satisfied its step's contract, with its account.
 *
 * @param output the validated structured output
 * @param provider {@code offline}, {@code openai}, ...; an offline answer says so here
 * @param repairs how many repair rounds it took to satisfy the contract
 * @param latencyMillis how long the activity took to answer, cache lookups included
 * @param cacheHit true when the output came from the response cache: no model was called, so the
 *     tokens and the cost are zero
 *     <p>A zero cost, repairs or latency and a false {@code cacheHit} are left out of the JSON (the
 *     history holds every response twice over a run's life); they read back as zero and false.
 */
public record ModelResponse(
    Map<String, Object> output,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double costUsd,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int repairs,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long latencyMillis,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean cacheHit) {

  /** A response a model produced just now, not taken from the cache. */
  public ModelResponse(
      Map<String, Object> output,
      String provider,
      String model,
      long inputTokens,
      long outputTokens,
      double costUsd,
      int repairs,
      long latencyMillis) {
    this(
        output, provider, model, inputTokens, outputTokens, costUsd, repairs, latencyMillis, false);
  }
}
