package dev.agentfleet.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The visibility gauges: which exist, and their arithmetic. The in-process test server has no
 * visibility API (its refresh fails quietly and the gauges stay at 0), so the count and list
 * queries themselves are not exercised here.
 */
class VisibilityGaugesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void the_oldest_wait_per_role_is_reported_in_seconds_and_drops_to_zero_when_none_waits() {
    try (VisibilityGauges gauges =
        new VisibilityGauges(
            env.getWorkflowClient(),
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofHours(1))) {
      gauges.publish(
          VisibilityGauges.oldestByRole(
              Stream.of(
                  new VisibilityGauges.Waiting("billing", NOW.minusSeconds(600)),
                  new VisibilityGauges.Waiting("billing", NOW.minusSeconds(7200)),
                  new VisibilityGauges.Waiting("support", NOW.minusSeconds(30)))));

      assertThat(age("billing")).isEqualTo(7200);
      assertThat(age("support")).isEqualTo(30);

      gauges.publish(Map.of("support", NOW.minusSeconds(45)));

      assertThat(age("billing")).isZero();
      assertThat(age("support")).isEqualTo(45);
    }
  }

  @Test
  void runs_in_flight_have_a_gauge_for_every_open_status_and_none_for_ended_ones() {
    try (VisibilityGauges ignored =
        new VisibilityGauges(
            env.getWorkflowClient(),
            registry,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofHours(1))) {
      assertThat(registry.find("fleet_runs_in_flight").gauges())
          .extracting(g -> g.getId().getTag("status"))
          .containsExactlyInAnyOrder("running", "waiting-approval", "waiting", "dead-lettered");
      assertThat(registry.find("fleet_approvals_waiting").gauge()).isNotNull();
    }
  }

  private double age(String role) {
    return registry.find("fleet_approvals_oldest_age_seconds").tag("role", role).gauge().value();
  }
}
