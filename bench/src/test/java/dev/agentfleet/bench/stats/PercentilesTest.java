package dev.agentfleet.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void p99_of_two_hundred_values_is_the_second_largest() {
    List<Integer> values = new ArrayList<>();
    for (int i = 200; i >= 1; i--) {
      values.add(i);
    }

    Percentiles p = Percentiles.of(values);

    assertThat(p.p99()).isEqualTo(198);
    assertThat(p.p50()).isEqualTo(100);
    assertThat(p.max()).isEqualTo(200);
    assertThat(p.min()).isEqualTo(1);
    assertThat(p.mean()).isEqualTo(100.5);
  }

  @Test
  void a_percentile_is_always_a_measured_value() {
    Percentiles p = Percentiles.of(List.of(10.0, 20.0));

    assertThat(p.p50()).isEqualTo(10.0);
    assertThat(p.p99()).isEqualTo(20.0);
    assertThat(p.percentile(100)).isEqualTo(20.0);
  }

  @Test
  void a_single_value_is_every_percentile() {
    Percentiles p = Percentiles.of(List.of(7));

    assertThat(p.p50()).isEqualTo(7);
    assertThat(p.p99()).isEqualTo(7);
  }

  @Test
  void refuses_an_empty_sample_and_a_percentile_out_of_range() {
    assertThatThrownBy(() -> Percentiles.of(List.of())).hasMessageContaining("empty sample");
    assertThatThrownBy(() -> Percentiles.of(List.of(1)).percentile(0))
        .hasMessageContaining("(0, 100]");
  }
}
