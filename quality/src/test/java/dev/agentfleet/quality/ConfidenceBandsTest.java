package dev.agentfleet.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceBandsTest {

  @Test
  void counts_accepted_proposals_in_the_band_of_their_confidence() {
    List<ConfidenceBands.Band> bands =
        ConfidenceBands.of(
            List.of(
                new Prediction("a", "a", 0.3),
                new Prediction("a", "b", 0.85),
                new Prediction("a", "a", 0.85),
                new Prediction("a", "a", 0.95),
                new Prediction("a", "a", 1.0)));
    assertThat(bands).extracting(ConfidenceBands.Band::decided).containsExactly(1, 0, 2, 0, 2);
    assertThat(bands).extracting(ConfidenceBands.Band::accepted).containsExactly(1, 0, 1, 0, 2);
    assertThat(bands.get(2).acceptanceRate()).isEqualTo(0.5);
    assertThat(bands.get(1).acceptanceRate()).isNull();
    assertThat(bands.get(4).lower()).isEqualTo(0.95);
    assertThat(bands.get(4).upper()).isEqualTo(1.0);
  }
}
