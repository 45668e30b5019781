package dev.agentfleet.activities.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.ModelProvider;
import dev.agentfleet.activities.model.ProviderResult;
import dev.agentfleet.workflows.model.ModelRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model provider for cost tests: answers every request with one scripted JSON output, reports
 * fixed token counts priced by the configuration's price table, and counts the calls it served.
 */
final class ScriptedProvider implements ModelProvider {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ModelConfig config;
  private final long inputTokens;
  private final long outputTokens;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile String output;

  ScriptedProvider(ModelConfig config, long inputTokens, long outputTokens, String output) {
    this.config = config;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.output = output;
  }

  /** Answers with another output from now on. */
  ScriptedProvider answering(String json) {
    this.output = json;
    return this;
  }

  int calls() {
    return calls.get();
  }

  double costPerCall(String tier) {
    return config.priceFor(tier).cost(inputTokens, outputTokens);
  }

  @Override
  public ProviderResult complete(ModelRequest request) {
    calls.incrementAndGet();
    JsonNode node;
    try {
      node = MAPPER.readTree(output);
    } catch (Exception e) {
      throw new IllegalStateException("scripted output is not JSON: " + output, e);
    }
    return new ProviderResult(
        node,
        "scripted",
        config.modelFor(request.tier()),
        inputTokens,
        outputTokens,
        costPerCall(request.tier()),
        0,
        List.of());
  }
}
