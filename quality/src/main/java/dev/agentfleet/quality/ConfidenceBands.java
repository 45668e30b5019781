package dev.agentfleet.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * How often people accepted proposals, by the confidence they were made with: if the 0.95+ band is
 * accepted far less than 95% of the time, the confidence overstates the proposals. The bands are
 * {@code [0, 0.5)}, {@code [0.5, 0.8)}, {@code [0.8, 0.9)}, {@code [0.9, 0.95)}, {@code [0.95, 1]}.
 */
public final class ConfidenceBands {

  /** The lower bounds of the bands, the last band closed at 1. */
  public static final List<Double> LOWER_BOUNDS = List.of(0.0, 0.5, 0.8, 0.9, 0.95);

  private ConfidenceBands() {}

  /**
   * One band.
   *
   * @param decided proposals in the band that a person decided
   * @param accepted those accepted unchanged (right)
   * @param acceptanceRate accepted / decided; null when none was decided
   */
  public record Band(
      double lower, double upper, int decided, int accepted, Double acceptanceRate) {}

  /** Counts each prediction in its band; a correct prediction is an accepted proposal. */
  public static List<Band> of(List<Prediction> predictions) {
    int bands = LOWER_BOUNDS.size();
    int[] decided = new int[bands];
    int[] accepted = new int[bands];
    for (Prediction p : predictions) {
      int band = bands - 1;
      while (band > 0 && p.confidence() < LOWER_BOUNDS.get(band)) {
        band--;
      }
      decided[band]++;
      if (p.correct()) {
        accepted[band]++;
      }
    }
    List<Band> out = new ArrayList<>();
    for (int i = 0; i < bands; i++) {
      double upper = i + 1 < bands ? LOWER_BOUNDS.get(i + 1) : 1.0;
      out.add(
          new Band(
              LOWER_BOUNDS.get(i),
              upper,
              decided[i],
              accepted[i],
              decided[i] == 0 ? null : (double) accepted[i] / decided[i]));
    }
    return out;
  }
}
