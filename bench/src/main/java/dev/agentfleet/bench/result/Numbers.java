package dev.agentfleet.bench.result;

import java.util.Locale;

/** Numbers as reports show and store them. */
public final class Numbers {

  private Numbers() {}

  /** Rounds to {@code decimals} places, for figures stored in results. */
  public static double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** A value with its unit: shares as percentages, the rest with a sensible precision. */
  public static String show(double value, String unit) {
    if ("share".equals(unit)) {
      return String.format(Locale.ROOT, "%.1f %%", value * 100);
    }
    String number =
        value == Math.rint(value) && Math.abs(value) < 1e15
            ? String.format(Locale.ROOT, "%.0f", value)
            : Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10
                    ? String.format(Locale.ROOT, "%.1f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
    return unit == null || unit.isEmpty() ? number : number + " " + unit;
  }
}
