package dev.agentfleet.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void ece_weights_each_bins_gap_between_accuracy_and_confidence_by_its_share() {
    // Bin 14 [14/15, 1]: 0.95 right, 0.95 wrong, 1.0 right -> confidence 2.9/3, accuracy 2/3,
    // gap 0.3, weight 3/4. Bin 7 [7/15, 8/15): 0.5 right -> gap 0.5, weight 1/4. ECE = 0.35.
    Calibration c =
        Calibration.of(
            List.of(
                new Prediction("a", "a", 0.95),
                new Prediction("a", "b", 0.95),
                new Prediction("a", "a", 0.5),
                new Prediction("a", "a", 1.0)));
    assertThat(c.ece()).isCloseTo(0.35, within(1e-12));
    assertThat(c.bins()).hasSize(15);
    Calibration.Bin top = c.bins().get(14);
    assertThat(top.count()).isEqualTo(3);
    assertThat(top.meanConfidence()).isCloseTo(2.9 / 3, within(1e-12));
    assertThat(top.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(c.bins().get(7).count()).isEqualTo(1);
    assertThat(c.bins().get(0).count()).isZero();
    assertThat(c.bins().get(0).accuracy()).isNull();
  }

  @Test
  void a_perfectly_calibrated_set_has_no_error() {
    // Ten proposals at 0.8 of which eight are right.
    List<Prediction> tenAt08 =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> new Prediction("a", i < 8 ? "a" : "b", 0.8))
            .toList();
    assertThat(Calibration.of(tenAt08).ece()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void bins_are_half_open_with_one_in_the_last() {
    assertThat(Calibration.binOf(0.0, 15)).isZero();
    assertThat(Calibration.binOf(0.2, 15)).isEqualTo(3);
    assertThat(Calibration.binOf(0.999, 15)).isEqualTo(14);
    assertThat(Calibration.binOf(1.0, 15)).isEqualTo(14);
    assertThat(Calibration.of(List.of(), 15).ece()).isNull();
  }

  @Test
  void refuses_confidences_outside_zero_to_one() {
    assertThatThrownBy(() -> new Prediction("a", "a", 1.2))
        .hasMessageContaining("confidence must be in [0, 1]");
  }
}
