package dev.agentfleet.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A map from a model's stated confidence to the probability that it is right, fitted on judged
 * predictions by isotonic regression (pool-adjacent-violators): the predictions sorted by
 * confidence are grouped into blocks whose accuracies never fall as confidence grows, and a
 * confidence maps to the accuracy of the block it falls in. It keeps the order of the confidences
 * (a higher one never maps lower) and needs no assumption about their shape, which suits a model's
 * self-reported confidence, often piled up at 0.9 and above.
 *
 * @param blocks sorted by {@code upTo}: a confidence maps to the first block whose {@code upTo} it
 *     does not exceed (the last block above them all)
 */
public record IsotonicCalibration(List<Block> blocks) {

  /**
   * One block: the predictions with confidence up to {@code upTo} (and above the previous block's).
   *
   * @param probability the share of them that were right
   * @param count how many there were
   */
  public record Block(double upTo, double probability, int count) {}

  public IsotonicCalibration {
    if (blocks == null || blocks.isEmpty()) {
      throw new IllegalArgumentException("a calibration needs at least one block");
    }
    blocks = List.copyOf(blocks);
  }

  /** Fits the map on judged predictions; there must be at least one. */
  public static IsotonicCalibration fit(List<Prediction> predictions) {
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("nothing to fit a calibration on");
    }
    List<Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(Comparator.comparingDouble(Prediction::confidence));
    List<double[]> pool = new ArrayList<>(); // {upTo, right, count}
    for (Prediction p : sorted) {
      double right = p.correct() ? 1 : 0;
      double[] last = pool.isEmpty() ? null : pool.getLast();
      if (last != null && last[0] == p.confidence()) {
        last[1] += right;
        last[2] += 1;
      } else {
        pool.add(new double[] {p.confidence(), right, 1});
      }
      while (pool.size() > 1) {
        double[] top = pool.getLast();
        double[] below = pool.get(pool.size() - 2);
        if (below[1] / below[2] < top[1] / top[2]) {
          break;
        }
        below[0] = top[0];
        below[1] += top[1];
        below[2] += top[2];
        pool.removeLast();
      }
    }
    List<Block> blocks = new ArrayList<>();
    for (double[] b : pool) {
      blocks.add(new Block(b[0], b[1] / b[2], (int) b[2]));
    }
    return new IsotonicCalibration(blocks);
  }

  /** The calibrated probability of a stated confidence. */
  public double apply(double confidence) {
    for (Block block : blocks) {
      if (confidence <= block.upTo()) {
        return block.probability();
      }
    }
    return blocks.getLast().probability();
  }
}
