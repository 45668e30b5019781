package dev.agentfleet.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {

  // Right label, proposed label, confidence; the figures below are worked out by hand.
  private static final List<Prediction> FIVE =
      List.of(
          new Prediction("a", "a", 0.9),
          new Prediction("a", "b", 0.8),
          new Prediction("b", "b", 0.7),
          new Prediction("b", "b", 0.6),
          new Prediction("c", "a", 0.5));

  @Test
  void accuracy_is_the_share_of_right_proposals() {
    assertThat(Classification.of(FIVE, 10).accuracy()).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void per_label_precision_recall_and_support_count_each_label_on_its_own() {
    // a: proposed twice (right once), 2 records -> 1/2, 1/2. b: proposed 3 times, all right, 2
    // records -> 2/3, 1. c: never proposed, 1 record -> 0, 0.
    List<Classification.LabelFigures> labels = Classification.of(FIVE, 10).labels();
    assertThat(labels)
        .extracting(Classification.LabelFigures::label)
        .containsExactly("a", "b", "c");
    assertThat(labels.get(0).precision()).isCloseTo(0.5, within(1e-12));
    assertThat(labels.get(0).recall()).isCloseTo(0.5, within(1e-12));
    assertThat(labels.get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(labels.get(1).recall()).isCloseTo(1.0, within(1e-12));
    assertThat(labels.get(1).f1()).isCloseTo(0.8, within(1e-12));
    assertThat(labels.get(2).precision()).isZero();
    assertThat(labels.get(2).support()).isEqualTo(1);
  }

  @Test
  void macro_f1_is_the_unweighted_mean_of_the_labels_f1() {
    // F1: a 0.5, b 0.8, c 0 -> 1.3 / 3.
    assertThat(Classification.of(FIVE, 10).macroF1()).isCloseTo(1.3 / 3, within(1e-12));
  }

  @Test
  void confusions_list_the_wrong_pairs_most_frequent_first() {
    List<Prediction> many =
        List.of(
            new Prediction("x", "y", 0.5),
            new Prediction("z", "y", 0.5),
            new Prediction("z", "y", 0.5),
            new Prediction("x", "x", 0.5));
    assertThat(Classification.of(many, 10).confusions())
        .containsExactly(
            new Classification.Confusion("z", "y", 2), new Classification.Confusion("x", "y", 1));
    assertThat(Classification.of(many, 1).confusions()).hasSize(1);
  }

  @Test
  void a_failed_step_is_a_miss_shown_as_no_proposal() {
    Classification c =
        Classification.of(List.of(new Prediction("a", null, 0), new Prediction("a", "a", 0.9)), 10);
    assertThat(c.accuracy()).isCloseTo(0.5, within(1e-12));
    assertThat(c.labels().get(0).recall()).isCloseTo(0.5, within(1e-12));
    assertThat(c.labels().get(0).precision()).isCloseTo(1.0, within(1e-12));
    assertThat(c.confusions()).containsExactly(new Classification.Confusion("a", "(none)", 1));
  }

  @Test
  void nothing_judged_gives_no_rates_rather_than_zeros() {
    Classification c = Classification.of(List.of(), 10);
    assertThat(c.accuracy()).isNull();
    assertThat(c.macroF1()).isNull();
    assertThat(c.records()).isZero();
  }
}
