package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2025-06-01T10:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 3, 5);

  @Test
  void blocks_a_name_after_its_failures_until_the_oldest_leaves_the_window() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.blocked("alice", "10.0.0.1")).isEmpty();
      throttle.failed("alice", "10.0.0.1");
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(throttle.blocked("ALICE", "10.0.0.2")).hasValue(Duration.ofMinutes(12));
    assertThat(throttle.blocked("bob", "10.0.0.2")).isEmpty();

    clock.advance(Duration.ofMinutes(12));
    assertThat(throttle.blocked("alice", "10.0.0.2")).isEmpty();
  }

  @Test
  void blocks_a_client_that_tries_many_names() {
    for (String name : new String[] {"a", "b", "c", "d", "e"}) {
      throttle.failed(name, "10.0.0.9");
    }
    assertThat(throttle.blocked("zed", "10.0.0.9")).isPresent();
    assertThat(throttle.blocked("zed", "10.0.0.8")).isEmpty();
  }

  @Test
  void a_successful_sign_in_clears_the_names_failures() {
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("alice", "10.0.0.1");
    throttle.succeeded("alice");
    throttle.failed("alice", "10.0.0.1");
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.blocked("alice", "10.0.0.3")).isEmpty();
  }
}
