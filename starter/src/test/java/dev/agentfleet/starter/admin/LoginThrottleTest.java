package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sign-in throttle on a clock the test moves: growing delays per name and address, no lock. */
class LoginThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2025-06-01T10:00:00Z"));
  private final LoginThrottle throttle = LoginThrottle.standard(clock);

  /** One guess: reserve, then fail. Returns false when the throttle refused to check it. */
  private boolean guess(String name, String client) {
    if (throttle.begin(name, client).isPresent()) {
      return false;
    }
    throttle.failed(name, client);
    return true;
  }

  @Test
  void delays_grow_after_the_free_failures_and_never_exceed_the_cap() {
    assertThat(throttle.delayAfter(1)).isZero();
    assertThat(throttle.delayAfter(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(throttle.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(throttle.delayAfter(4)).isEqualTo(Duration.ofMinutes(4));
    assertThat(throttle.delayAfter(5)).isEqualTo(Duration.ofMinutes(8));
    assertThat(throttle.delayAfter(6)).isEqualTo(Duration.ofMinutes(15));
    assertThat(throttle.delayAfter(1000)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void one_address_checks_at_most_five_passwords_a_name_in_fifteen_minutes() {
    // given a guesser that tries every second for 15 minutes
    List<Long> checkedAtSecond = new ArrayList<>();
    for (long second = 0; second < 15 * 60; second++) {
      if (guess("alice", "203.0.113.7")) {
        checkedAtSecond.add(second);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    // then: two at once (one per loop step here), then after 1, 2 and 4 more minutes
    assertThat(checkedAtSecond).containsExactly(0L, 1L, 61L, 181L, 421L);
  }

  @Test
  void the_wait_says_how_long_until_the_next_attempt() {
    guess("alice", "203.0.113.7");
    guess("alice", "203.0.113.7");
    guess("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7")).hasValue(Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(45));
    assertThat(throttle.begin("alice", "203.0.113.7")).hasValue(Duration.ofSeconds(15));
    clock.advance(Duration.ofSeconds(15));
    assertThat(throttle.begin("alice", "203.0.113.7")).isEmpty();
  }

  @Test
  void someone_elses_failures_never_delay_the_name_from_another_address_nor_others_behind_it() {
    for (int i = 0; i < 50; i++) {
      guess("alice", "203.0.113.7");
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(throttle.begin("alice", "203.0.113.7")).isPresent();

    assertThat(throttle.begin("alice", "198.51.100.20")).as("alice from home").isEmpty();
    throttle.succeeded("alice", "198.51.100.20");
    assertThat(throttle.begin("bob", "203.0.113.7")).as("bob behind the same address").isEmpty();
  }

  @Test
  void a_check_in_flight_makes_parallel_attempts_wait_for_it() {
    assertThat(throttle.begin("alice", "203.0.113.7")).isEmpty();
    for (int i = 0; i < 79; i++) {
      assertThat(throttle.begin("ALICE ", "203.0.113.7")).as("parallel attempt %d", i).isPresent();
    }
    throttle.failed("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7")).as("the second free attempt").isEmpty();
  }

  @Test
  void an_abandoned_check_stops_blocking_after_thirty_seconds() {
    assertThat(throttle.begin("alice", "203.0.113.7")).isEmpty();
    clock.advance(Duration.ofSeconds(29));
    assertThat(throttle.begin("alice", "203.0.113.7")).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.begin("alice", "203.0.113.7")).isEmpty();
  }

  @Test
  void a_success_clears_the_failures_and_a_quiet_hour_forgets_them() {
    guess("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7")).isEmpty();
    throttle.succeeded("alice", "203.0.113.7");
    guess("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7"))
        .as("one failure since the success")
        .isEmpty();
    throttle.failed("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7")).as("two failures in a row").isPresent();

    clock.advance(Duration.ofHours(1));
    guess("alice", "203.0.113.7");
    assertThat(throttle.begin("alice", "203.0.113.7")).as("counted afresh after an hour").isEmpty();
  }

  @Test
  void an_ipv6_client_is_throttled_by_its_slash_64() {
    for (int i = 0; i < 3; i++) {
      guess("alice", "2001:db8:1:2::" + (i + 1));
    }
    assertThat(throttle.begin("alice", "2001:db8:1:2::ffff")).isPresent();
    assertThat(throttle.begin("alice", "2001:db8:1:3::1")).isEmpty();
    assertThat(LoginThrottle.network("192.0.2.1")).isEqualTo("192.0.2.1");
  }
}
