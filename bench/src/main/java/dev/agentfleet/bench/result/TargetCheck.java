package dev.agentfleet.bench.result;

/**
 * One figure against its target, with the noise margin within which a miss is reported but not
 * failed (measurements on a shared two-core machine move by that much from run to run).
 *
 * @param figure the figure's key in the result's {@code figures}
 * @param label what the figure is, for people
 * @param unit the figure's unit ({@code ms}, {@code runs/s}, {@code s}, {@code share}, ...)
 * @param comparison whether the figure must stay at most or reach at least the target
 * @param target the target value
 * @param noiseMargin the relative margin (0.10 = 10 %) a miss may stay within to be noise
 * @param measured the measured value; null when it could not be measured
 * @param verdict how the figure stands
 */
public record TargetCheck(
    String figure,
    String label,
    String unit,
    Comparison comparison,
    double target,
    double noiseMargin,
    Double measured,
    Verdict verdict) {

  /** The direction of a target. */
  public enum Comparison {
    AT_MOST("≤"),
    AT_LEAST("≥");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** Judges {@code measured} against the target. */
  public static TargetCheck judge(
      String figure,
      String label,
      String unit,
      Comparison comparison,
      double target,
      double noiseMargin,
      Double measured) {
    return new TargetCheck(
        figure,
        label,
        unit,
        comparison,
        target,
        noiseMargin,
        measured == null ? null : Numbers.round(measured, 3),
        verdict(comparison, target, noiseMargin, measured));
  }

  static Verdict verdict(Comparison comparison, double target, double margin, Double measured) {
    if (measured == null || measured.isNaN()) {
      return Verdict.ERROR;
    }
    return switch (comparison) {
      case AT_MOST ->
          measured <= target
              ? Verdict.PASS
              : measured <= target * (1 + margin) ? Verdict.NEAR : Verdict.MISS;
      case AT_LEAST ->
          measured >= target
              ? Verdict.PASS
              : measured >= target * (1 - margin) ? Verdict.NEAR : Verdict.MISS;
    };
  }

  /** The target as people read it: {@code ≤ 25 ms}. */
  public String describeTarget() {
    return comparison.symbol() + " " + Numbers.show(target, unit);
  }

  /** The measured value as people read it, or {@code n/a}. */
  public String describeMeasured() {
    return measured == null ? "n/a" : Numbers.show(measured, unit);
  }
}
