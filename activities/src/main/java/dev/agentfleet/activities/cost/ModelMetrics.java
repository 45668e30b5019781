package dev.agentfleet.activities.cost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The model plane's meters, labelled by agent and tier only (never a run, a record or a person):
 * {@code fleet_model_tokens_total{direction=input|output}}, {@code fleet_model_cost_usd_total},
 * {@code fleet_model_cache_hits_total} and {@code fleet_model_latency_seconds}, as Prometheus names
 * them.
 */
public final class ModelMetrics {

  private final MeterRegistry registry;

  public ModelMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one answered model call. */
  public void record(ModelCall call) {
    String agent = call.agent() == null ? "unknown" : call.agent();
    String tier = call.tier() == null ? "unknown" : call.tier();
    tokens(agent, tier, "input").increment(call.inputTokens());
    tokens(agent, tier, "output").increment(call.outputTokens());
    Counter.builder("fleet.model.cost.usd")
        .description("What model calls cost, in US dollars")
        .tags("agent", agent, "tier", tier)
        .register(registry)
        .increment(call.costUsd());
    Counter hits =
        Counter.builder("fleet.model.cache.hits")
            .description("Model calls answered from the response cache")
            .tags("agent", agent, "tier", tier)
            .register(registry);
    if (call.cacheHit()) {
      hits.increment();
    }
    Timer.builder("fleet.model.latency")
        .description("How long a model step took to answer, cache lookups included")
        .tags("agent", agent, "tier", tier)
        .register(registry)
        .record(Duration.ofMillis(call.latencyMillis()));
  }

  private Counter tokens(String agent, String tier, String direction) {
    return Counter.builder("fleet.model.tokens")
        .description("Tokens sent to and received from models")
        .tags("agent", agent, "tier", tier, "direction", direction)
        .register(registry);
  }
}
