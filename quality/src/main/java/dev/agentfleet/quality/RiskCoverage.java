package dev.agentfleet.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What acting only above a confidence threshold buys: for each threshold, the share of records at
 * or above it (coverage) and the share of those that were right (precision; its complement is the
 * risk). The curve has one point per distinct confidence, highest first, thinned to at most {@code
 * maxPoints} points spread evenly over coverage (the first and the last point always kept).
 *
 * @param points the curve, threshold falling and coverage growing
 * @param threshold the lowest threshold that reaches the target precision (the widest coverage)
 */
public record RiskCoverage(List<Point> points, Threshold threshold) {

  /** The number of points {@code fleet eval} keeps. */
  public static final int DEFAULT_POINTS = 101;

  /** Acting on records with confidence at or above {@code threshold}. */
  public record Point(double threshold, double coverage, double precision) {}

  /**
   * The threshold chosen for a target precision.
   *
   * @param confidence the threshold; null when no threshold reaches the target (act on nothing)
   * @param coverage the share of records at or above it; 0 when none reaches the target
   * @param precision the precision at it; null when none reaches the target
   */
  public record Threshold(
      double targetPrecision, Double confidence, double coverage, Double precision) {}

  /** Computes the curve and the threshold for {@code targetPrecision}. */
  public static RiskCoverage of(
      List<Prediction> predictions, double targetPrecision, int maxPoints) {
    if (targetPrecision <= 0 || targetPrecision > 1) {
      throw new IllegalArgumentException(
          "the target precision must be in (0, 1], got " + targetPrecision);
    }
    List<Point> all = allPoints(predictions);
    Point best = null;
    for (Point p : all) {
      if (p.precision() >= targetPrecision && (best == null || p.coverage() > best.coverage())) {
        best = p;
      }
    }
    Threshold threshold =
        best == null
            ? new Threshold(targetPrecision, null, 0, null)
            : new Threshold(targetPrecision, best.threshold(), best.coverage(), best.precision());
    return new RiskCoverage(thin(all, maxPoints), threshold);
  }

  /** One point per distinct confidence, highest first. */
  static List<Point> allPoints(List<Prediction> predictions) {
    List<Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(Comparator.comparingDouble(Prediction::confidence).reversed());
    List<Point> points = new ArrayList<>();
    int n = sorted.size();
    int right = 0;
    for (int i = 0; i < n; i++) {
      Prediction p = sorted.get(i);
      if (p.correct()) {
        right++;
      }
      boolean lastOfValue = i == n - 1 || sorted.get(i + 1).confidence() != p.confidence();
      if (lastOfValue) {
        points.add(new Point(p.confidence(), (double) (i + 1) / n, (double) right / (i + 1)));
      }
    }
    return points;
  }

  private static List<Point> thin(List<Point> all, int maxPoints) {
    if (all.size() <= maxPoints || maxPoints < 2) {
      return List.copyOf(all);
    }
    List<Point> kept = new ArrayList<>();
    int next = 0;
    for (int slot = 0; slot < maxPoints; slot++) {
      double wanted = (double) slot / (maxPoints - 1);
      while (next < all.size() - 1 && all.get(next).coverage() < wanted) {
        next++;
      }
      if (kept.isEmpty() || kept.getLast() != all.get(next)) {
        kept.add(all.get(next));
      }
    }
    if (kept.getLast() != all.getLast()) {
      kept.add(all.getLast());
    }
    return List.copyOf(kept);
  }
}
