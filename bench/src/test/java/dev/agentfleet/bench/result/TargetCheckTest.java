package dev.agentfleet.bench.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.bench.result.TargetCheck.Comparison;
import org.junit.jupiter.api.Test;

class TargetCheckTest {

  @Test
  void an_upper_bound_passes_at_the_target_and_misses_within_noise_up_to_the_margin() {
    assertThat(verdict(Comparison.AT_MOST, 25, 0.10, 25.0)).isEqualTo(Verdict.PASS);
    assertThat(verdict(Comparison.AT_MOST, 25, 0.10, 27.4)).isEqualTo(Verdict.NEAR);
    assertThat(verdict(Comparison.AT_MOST, 25, 0.10, 27.6)).isEqualTo(Verdict.MISS);
  }

  @Test
  void a_lower_bound_mirrors_it() {
    assertThat(verdict(Comparison.AT_LEAST, 10, 0.10, 10.0)).isEqualTo(Verdict.PASS);
    assertThat(verdict(Comparison.AT_LEAST, 10, 0.10, 9.1)).isEqualTo(Verdict.NEAR);
    assertThat(verdict(Comparison.AT_LEAST, 10, 0.10, 8.9)).isEqualTo(Verdict.MISS);
  }

  @Test
  void a_count_that_must_be_zero_has_no_room_for_noise() {
    assertThat(verdict(Comparison.AT_MOST, 0, 0, 0.0)).isEqualTo(Verdict.PASS);
    assertThat(verdict(Comparison.AT_MOST, 0, 0, 1.0)).isEqualTo(Verdict.MISS);
  }

  @Test
  void a_figure_not_measured_is_an_error() {
    assertThat(verdict(Comparison.AT_MOST, 25, 0.10, null)).isEqualTo(Verdict.ERROR);
    assertThat(verdict(Comparison.AT_MOST, 25, 0.10, Double.NaN)).isEqualTo(Verdict.ERROR);
  }

  @Test
  void only_a_miss_beyond_noise_or_an_error_fails() {
    assertThat(Verdict.NEAR.failing()).isFalse();
    assertThat(Verdict.MISS.failing()).isTrue();
    assertThat(Verdict.PASS.worse(Verdict.NEAR).worse(Verdict.PASS)).isEqualTo(Verdict.NEAR);
    assertThat(Verdict.MISS.worse(Verdict.ERROR)).isEqualTo(Verdict.ERROR);
  }

  @Test
  void shows_target_and_measurement_with_their_units() {
    TargetCheck check =
        TargetCheck.judge("p50", "overhead, p50", "ms", Comparison.AT_MOST, 25, 0.1, 7.891);
    TargetCheck share =
        TargetCheck.judge("saved", "saved", "share", Comparison.AT_LEAST, 0.95, 0, 0.9512);

    assertThat(check.describeTarget()).isEqualTo("≤ 25 ms");
    assertThat(check.describeMeasured()).isEqualTo("7.89 ms");
    assertThat(share.describeTarget()).isEqualTo("≥ 95.0 %");
    assertThat(share.describeMeasured()).isEqualTo("95.1 %");
  }

  private static Verdict verdict(Comparison c, double target, double noise, Double measured) {
    return TargetCheck.judge("f", "f", "ms", c, target, noise, measured).verdict();
  }
}
