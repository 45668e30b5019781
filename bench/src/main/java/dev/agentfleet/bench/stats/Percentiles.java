package dev.agentfleet.bench.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics over a sample, by the nearest-rank method: the p-th percentile is the smallest
 * value with at least p % of the sample at or below it, so it is always a measured value (no
 * interpolation), and the p99 of 200 values is the second largest.
 */
public final class Percentiles {

  private final double[] sorted;

  private Percentiles(double[] sorted) {
    this.sorted = sorted;
  }

  /** The sample's order statistics; the sample must not be empty. */
  public static Percentiles of(Collection<? extends Number> sample) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("percentiles of an empty sample: nothing was measured");
    }
    double[] values = sample.stream().mapToDouble(Number::doubleValue).toArray();
    Arrays.sort(values);
    return new Percentiles(values);
  }

  /** The p-th percentile (0 &lt; p &le; 100) by nearest rank. */
  public double percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("a percentile is in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public double p50() {
    return percentile(50);
  }

  public double p99() {
    return percentile(99);
  }

  public double min() {
    return sorted[0];
  }

  public double max() {
    return sorted[sorted.length - 1];
  }

  public double mean() {
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  public int count() {
    return sorted.length;
  }
}
