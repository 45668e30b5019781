package dev.agentfleet.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IsotonicCalibrationTest {

  @Test
  void pools_adjacent_violators_into_blocks_whose_accuracy_never_falls() {
    // Sorted: 0.1 wrong | 0.2 right, 0.3 wrong (a fall: pooled to 0.5) | 0.4, 0.9, 0.95 right
    // (equal accuracies pool too).
    IsotonicCalibration map =
        IsotonicCalibration.fit(
            List.of(
                new Prediction("a", "a", 0.95),
                new Prediction("a", "b", 0.1),
                new Prediction("a", "a", 0.2),
                new Prediction("a", "b", 0.3),
                new Prediction("a", "a", 0.4),
                new Prediction("a", "a", 0.9)));
    assertThat(map.blocks())
        .containsExactly(
            new IsotonicCalibration.Block(0.1, 0.0, 1),
            new IsotonicCalibration.Block(0.3, 0.5, 2),
            new IsotonicCalibration.Block(0.95, 1.0, 3));
    assertThat(map.apply(0.05)).isZero();
    assertThat(map.apply(0.25)).isEqualTo(0.5);
    assertThat(map.apply(0.3)).isEqualTo(0.5);
    assertThat(map.apply(0.35)).isEqualTo(1.0);
    assertThat(map.apply(0.99)).isEqualTo(1.0);
  }

  @Test
  void an_overconfident_model_is_mapped_to_how_often_it_was_right() {
    // Twenty proposals at 0.99, five right: 0.99 means 0.25.
    List<Prediction> twenty =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> new Prediction("a", i < 5 ? "a" : "b", 0.99))
            .toList();
    IsotonicCalibration map = IsotonicCalibration.fit(twenty);
    assertThat(map.apply(0.99)).isCloseTo(0.25, within(1e-12));
    List<Prediction> recalibrated =
        twenty.stream()
            .map(p -> new Prediction(p.label(), p.predicted(), map.apply(p.confidence())))
            .toList();
    assertThat(Calibration.of(recalibrated).ece()).isCloseTo(0.0, within(1e-12));
  }
}
