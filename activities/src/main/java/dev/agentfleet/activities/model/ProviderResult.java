package dev.agentfleet.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a provider answered, before the final contract check.
 *
 * @param output the structured output, or null when the provider never produced parseable JSON
 * @param provider the provider name ({@code offline}, {@code openai})
 * @param model the model that answered
 * @param inputTokens prompt tokens over every call, counted or estimated
 * @param outputTokens completion tokens over every call, counted or estimated
 * @param costUsd what the calls cost
 * @param repairs how many repair turns were sent
 * @param problems why the output is missing or invalid, as the provider last saw it; empty when the
 *     provider believes the output conforms
 */
public record ProviderResult(
    JsonNode output,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    double costUsd,
    int repairs,
    List<String> problems) {

  public ProviderResult {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
