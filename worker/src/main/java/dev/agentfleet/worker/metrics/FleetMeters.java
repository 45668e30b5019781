package dev.agentfleet.worker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Histogram buckets for the fleet's own timers. Temporal's Micrometer reporter publishes every
 * timer with Micrometer's default percentile histogram, which ends at 30 seconds: a human decision
 * that took four hours would land in {@code +Inf} and every quantile of it would read 30 s. These
 * buckets reach from milliseconds (a route step) to a week (an approval step), so {@code
 * histogram_quantile} reads true p50 and p99 in Prometheus. Call {@link #configure} on the registry
 * before anything registers a meter.
 */
public final class FleetMeters {

  private static final Duration[] STEP =
      durations("10ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s 30s 1m 5m 15m 1h 4h 24h 72h 168h");
  private static final Duration[] DECISION =
      durations("1m 5m 15m 30m 1h 2h 4h 8h 24h 48h 72h 168h");
  private static final Duration[] MODEL =
      durations("50ms 100ms 250ms 500ms 1s 2.5s 5s 10s 30s 1m 5m");

  /** Meter name, as code registers it (before Prometheus naming), to its bucket bounds. */
  static final Map<String, Duration[]> BUCKETS =
      Map.of(
          "fleet_step_latency", STEP,
          "fleet_approval_decision_latency", DECISION,
          "fleet.model.latency", MODEL);

  private FleetMeters() {}

  /** Adds the fleet's bucket configuration to the registry. */
  public static void configure(MeterRegistry registry) {
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                Duration[] bounds = BUCKETS.get(id.getName());
                if (bounds == null) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .percentilesHistogram(false)
                    .serviceLevelObjectives(
                        Arrays.stream(bounds).mapToDouble(Duration::toNanos).toArray())
                    .build()
                    .merge(config);
              }
            });
  }

  private static Duration[] durations(String spec) {
    return Arrays.stream(spec.split(" ")).map(FleetMeters::duration).toArray(Duration[]::new);
  }

  private static Duration duration(String s) {
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    double amount = Double.parseDouble(s.substring(0, s.length() - 1));
    long unitSeconds =
        switch (s.charAt(s.length() - 1)) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          default -> throw new IllegalArgumentException("no unit in " + s);
        };
    return Duration.ofMillis(Math.round(amount * unitSeconds * 1000));
  }
}
