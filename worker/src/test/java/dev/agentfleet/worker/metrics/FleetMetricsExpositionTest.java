package dev.agentfleet.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.util.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run meters workflow code emits (through the SDK's tally scope and Temporal's Micrometer
 * reporter, as the worker wires them) as Prometheus reads them: counter names, labels, and
 * histogram buckets that reach the durations a human decision takes.
 */
class FleetMetricsExpositionTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerClientStatsReporter reporter;

  FleetMetricsExpositionTest() {
    FleetMeters.configure(registry);
    reporter = new MicrometerClientStatsReporter(registry);
  }

  private static Map<String, String> tags(String... kv) {
    Map<String, String> tags = new java.util.HashMap<>();
    tags.put("namespace", "default");
    tags.put("task_queue", "agent-fleet");
    tags.put("workflow_type", "AgentRun");
    for (int i = 0; i < kv.length; i += 2) {
      tags.put(kv[i], kv[i + 1]);
    }
    return tags;
  }

  @Test
  void decisions_rollbacks_and_runs_are_counters_by_agent_role_decision_and_status() {
    reporter.reportCounter(
        "fleet_approval_decisions",
        tags("agent", "support-triage", "role", "billing", "decision", "approved"),
        2);
    reporter.reportCounter("fleet_rollbacks", tags("agent", "support-triage", "outcome", "ok"), 1);
    reporter.reportCounter(
        "fleet_runs_completed", tags("agent", "support-triage", "status", "completed"), 5);

    String scrape = registry.scrape();

    assertThat(scrape)
        .containsPattern(
            "fleet_approval_decisions_total\\{agent=\"support-triage\",decision=\"approved\","
                + "namespace=\"default\",role=\"billing\",[^}]*} 2.0")
        .containsPattern("fleet_rollbacks_total\\{agent=\"support-triage\",[^}]*outcome=\"ok\"")
        .containsPattern("fleet_runs_completed_total\\{[^}]*status=\"completed\"[^}]*} 5.0");
  }

  @Test
  void time_to_decision_has_buckets_from_a_minute_to_a_week() {
    Map<String, String> tags =
        tags("agent", "support-triage", "role", "billing", "decision", "edited");
    reporter.reportTimer("fleet_approval_decision_latency", tags, Duration.ofMinutes(3));
    reporter.reportTimer("fleet_approval_decision_latency", tags, Duration.ofHours(5));
    reporter.reportTimer("fleet_approval_decision_latency", tags, Duration.ofHours(30));

    String scrape = registry.scrape();

    // 3 min is under 5 min; 5 h under 8 h; 30 h under 48 h: each lands in a finite bucket
    assertThat(bucket(scrape, "fleet_approval_decision_latency", "300.0")).isEqualTo(1);
    assertThat(bucket(scrape, "fleet_approval_decision_latency", "28800.0")).isEqualTo(2);
    assertThat(bucket(scrape, "fleet_approval_decision_latency", "172800.0")).isEqualTo(3);
    assertThat(bucket(scrape, "fleet_approval_decision_latency", "604800.0")).isEqualTo(3);
    assertThat(scrape).contains("fleet_approval_decision_latency_seconds_count{");
  }

  @Test
  void step_latency_has_buckets_from_milliseconds_to_days() {
    Map<String, String> tags = tags("agent", "support-triage", "kind", "model", "outcome", "ok");
    reporter.reportTimer("fleet_step_latency", tags, Duration.ofMillis(40));
    reporter.reportTimer("fleet_step_latency", tags, Duration.ofSeconds(3));

    String scrape = registry.scrape();

    assertThat(bucket(scrape, "fleet_step_latency", "0.05")).isEqualTo(1);
    assertThat(bucket(scrape, "fleet_step_latency", "5.0")).isEqualTo(2);
    assertThat(scrape)
        .containsPattern(
            "fleet_step_latency_seconds_bucket\\{agent=\"support-triage\",kind=\"model\","
                + "[^}]*outcome=\"ok\"");
  }

  /** The cumulative count of the {@code le} bucket of a timer in the scrape. */
  private static long bucket(String scrape, String name, String le) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + "_seconds_bucket{") && l.contains("le=\"" + le + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
