package dev.agentfleet.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void steady_state_leaves_out_a_slow_ramp_and_a_long_tail() {
    // given: 100 completions, ten a second in the middle, with a slow start and a long tail
    List<Long> completions = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      completions.add(i * SECOND); // ramp: one a second
    }
    for (int i = 0; i <= 80; i++) {
      completions.add(10 * SECOND + i * SECOND / 10); // steady: ten a second, 10 s to 18 s
    }
    for (int i = 1; i <= 10; i++) {
      completions.add(18 * SECOND + i * 5 * SECOND); // tail: one every five seconds
    }

    // when
    double steady = Rates.steadyState(completions, 0.1, 0.9);

    // then: the 10th completion is the first steady one, the 90th the last
    assertThat(completions).hasSize(100);
    assertThat(steady).isCloseTo(10.0, within(1e-9));
    assertThat(Rates.overall(100, 0, completions.get(99))).isCloseTo(100.0 / 68, within(1e-9));
  }

  @Test
  void completion_order_does_not_matter() {
    List<Long> shuffled = List.of(5 * SECOND, 1 * SECOND, 3 * SECOND, 2 * SECOND, 4 * SECOND);

    assertThat(Rates.steadyState(shuffled, 0.0, 1.0)).isCloseTo(1.0, within(1e-9));
  }
}
