package dev.agentfleet.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RiskCoverageTest {

  // Sorted by confidence: 0.9 right, 0.9 wrong, 0.8 right, 0.7 right, 0.6 wrong.
  private static final List<Prediction> FIVE =
      List.of(
          new Prediction("a", "b", 0.9),
          new Prediction("a", "a", 0.9),
          new Prediction("a", "a", 0.8),
          new Prediction("a", "a", 0.7),
          new Prediction("a", "b", 0.6));

  @Test
  void one_point_per_distinct_confidence_with_coverage_and_precision_at_or_above_it() {
    List<RiskCoverage.Point> points = RiskCoverage.of(FIVE, 0.99, 101).points();
    assertThat(points)
        .extracting(RiskCoverage.Point::threshold)
        .containsExactly(0.9, 0.8, 0.7, 0.6);
    assertThat(points).extracting(RiskCoverage.Point::coverage).containsExactly(0.4, 0.6, 0.8, 1.0);
    assertThat(points.get(0).precision()).isCloseTo(0.5, within(1e-12));
    assertThat(points.get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(points.get(2).precision()).isCloseTo(0.75, within(1e-12));
    assertThat(points.get(3).precision()).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void the_threshold_is_the_widest_coverage_that_reaches_the_target() {
    RiskCoverage.Threshold t = RiskCoverage.of(FIVE, 0.7, 101).threshold();
    assertThat(t.confidence()).isEqualTo(0.7);
    assertThat(t.coverage()).isCloseTo(0.8, within(1e-12));
    assertThat(t.precision()).isCloseTo(0.75, within(1e-12));
    // At 0.5 every threshold qualifies; the lowest covers everything.
    assertThat(RiskCoverage.of(FIVE, 0.5, 101).threshold().coverage()).isEqualTo(1.0);
  }

  @Test
  void an_unreachable_target_gives_no_threshold_and_no_coverage() {
    RiskCoverage.Threshold t = RiskCoverage.of(FIVE, 0.99, 101).threshold();
    assertThat(t.confidence()).isNull();
    assertThat(t.coverage()).isZero();
    assertThat(t.precision()).isNull();
    assertThat(t.targetPrecision()).isEqualTo(0.99);
  }

  @Test
  void a_long_curve_is_thinned_evenly_over_coverage_keeping_both_ends() {
    List<Prediction> thousand =
        IntStream.range(0, 1000).mapToObj(i -> new Prediction("a", "a", i / 1000.0)).toList();
    List<RiskCoverage.Point> points = RiskCoverage.of(thousand, 0.99, 101).points();
    assertThat(points).hasSizeLessThanOrEqualTo(101).hasSizeGreaterThan(90);
    assertThat(points.getFirst().threshold()).isEqualTo(0.999);
    assertThat(points.getLast().coverage()).isEqualTo(1.0);
    assertThat(points.get(50).coverage()).isCloseTo(0.5, within(0.002));
  }
}
