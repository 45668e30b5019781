package dev.agentfleet.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * How far stated confidence is from observed accuracy. Predictions are put into equal-width bins by
 * confidence ({@code [i/n, (i+1)/n)}, the last bin closed at 1); the expected calibration error is
 * the mean over bins of |accuracy − mean confidence|, weighted by the bin's share of predictions. A
 * well-calibrated 0.9 is right nine times in ten.
 *
 * @param ece the expected calibration error; null when there were no predictions
 * @param bins every bin, empty ones included, lowest first
 */
public record Calibration(Double ece, List<Bin> bins) {

  /** The number of bins {@code fleet eval} and {@code fleet stats} use. */
  public static final int DEFAULT_BINS = 15;

  /**
   * One bin of the reliability table.
   *
   * @param meanConfidence null when the bin is empty
   * @param accuracy null when the bin is empty
   */
  public record Bin(
      double lower, double upper, int count, Double meanConfidence, Double accuracy) {}

  /** Computes the calibration over {@value #DEFAULT_BINS} bins. */
  public static Calibration of(List<Prediction> predictions) {
    return of(predictions, DEFAULT_BINS);
  }

  /** Computes the calibration over {@code binCount} equal-width bins. */
  public static Calibration of(List<Prediction> predictions, int binCount) {
    if (binCount < 1) {
      throw new IllegalArgumentException("at least one bin is needed, got " + binCount);
    }
    int[] counts = new int[binCount];
    int[] right = new int[binCount];
    double[] confidence = new double[binCount];
    for (Prediction p : predictions) {
      int bin = binOf(p.confidence(), binCount);
      counts[bin]++;
      confidence[bin] += p.confidence();
      if (p.correct()) {
        right[bin]++;
      }
    }
    List<Bin> bins = new ArrayList<>(binCount);
    double ece = 0;
    int n = predictions.size();
    for (int i = 0; i < binCount; i++) {
      double lower = (double) i / binCount;
      double upper = (double) (i + 1) / binCount;
      if (counts[i] == 0) {
        bins.add(new Bin(lower, upper, 0, null, null));
        continue;
      }
      double mean = confidence[i] / counts[i];
      double accuracy = (double) right[i] / counts[i];
      ece += (double) counts[i] / n * Math.abs(accuracy - mean);
      bins.add(new Bin(lower, upper, counts[i], mean, accuracy));
    }
    return new Calibration(n == 0 ? null : ece, bins);
  }

  /** The bin a confidence falls in: {@code floor(c * n)}, with 1.0 in the last bin. */
  static int binOf(double confidence, int binCount) {
    return Math.min(binCount - 1, (int) Math.floor(confidence * binCount));
  }
}
