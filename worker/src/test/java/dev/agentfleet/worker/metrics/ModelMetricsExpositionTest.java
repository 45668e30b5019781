package dev.agentfleet.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.activities.cost.ModelCall;
import dev.agentfleet.activities.cost.ModelMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The model plane's meters as the worker's Prometheus endpoint shows them. */
class ModelMetricsExpositionTest {

  private static ModelCall call(String tier, long in, long out, double usd, boolean hit) {
    return new ModelCall(
        "support-triage/T-1/classify",
        "support-triage/T-1",
        "support-triage",
        "classify",
        tier,
        "offline",
        "all-minilm-l6-v2",
        in,
        out,
        usd,
        250,
        hit,
        Instant.parse("2025-06-01T09:00:00Z"));
  }

  @Test
  void exposes_tokens_cost_cache_hits_and_latency_by_agent_and_tier_only() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ModelMetrics metrics = new ModelMetrics(registry);

    metrics.record(call("small", 1_000, 200, 0.00027, false));
    metrics.record(call("small", 0, 0, 0.0, true));
    metrics.record(call("large", 3_000, 400, 0.0115, false));
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "fleet_model_tokens_total{agent=\"support-triage\",direction=\"input\",tier=\"small\"}"
                + " 1000.0")
        .contains(
            "fleet_model_tokens_total{agent=\"support-triage\",direction=\"output\",tier=\"large\"}"
                + " 400.0")
        .contains("fleet_model_cost_usd_total{agent=\"support-triage\",tier=\"large\"} 0.0115")
        .contains("fleet_model_cache_hits_total{agent=\"support-triage\",tier=\"small\"} 1.0")
        .contains("fleet_model_cache_hits_total{agent=\"support-triage\",tier=\"large\"} 0.0")
        .contains("fleet_model_latency_seconds_count{agent=\"support-triage\",tier=\"small\"} 2")
        .contains("fleet_model_latency_seconds_sum{agent=\"support-triage\",tier=\"small\"} 0.5");
    assertThat(scrape).doesNotContain("T-1").doesNotContain("classify");
  }
}
