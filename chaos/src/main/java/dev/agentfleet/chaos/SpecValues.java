package dev.agentfleet.chaos;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the values of a chaos spec: durations ({@code 250ms}, {@code 2s}) and rates. */
final class SpecValues {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)", Pattern.CASE_INSENSITIVE);

  private SpecValues() {}

  /**
   * A duration written as a number and a unit: {@code ms}, {@code s} or {@code m}.
   *
   * @throws IllegalArgumentException naming {@code key} and the expected form
   */
  static Duration duration(String key, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "chaos spec: key '"
              + key
              + "' expects a duration like 250ms, 2s or 1m, got '"
              + text
              + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal millis =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ms" -> amount;
          case "s" -> amount.movePointRight(3);
          default -> amount.multiply(BigDecimal.valueOf(60_000));
        };
    return Duration.ofMillis(millis.longValue());
  }

  /**
   * A rate between 0 and 1, written as a fraction ({@code 0.05}) or a percentage ({@code 5%}).
   *
   * @throws IllegalArgumentException naming {@code key} and the expected form
   */
  static double rate(String key, String text) {
    String value = text == null ? "" : text.trim();
    boolean percent = value.endsWith("%");
    double rate;
    try {
      rate = Double.parseDouble(percent ? value.substring(0, value.length() - 1).trim() : value);
    } catch (NumberFormatException e) {
      rate = Double.NaN;
    }
    if (percent) {
      rate /= 100;
    }
    if (Double.isNaN(rate) || rate < 0 || rate > 1) {
      throw new IllegalArgumentException(
          "chaos spec: key '"
              + key
              + "' expects a rate between 0 and 1, like 0.05 or 5%, got '"
              + text
              + "'");
    }
    return rate;
  }

  /** A duration as the spec writes it: whole seconds as {@code 2s}, anything else in ms. */
  static String show(Duration duration) {
    long millis = duration.toMillis();
    return millis != 0 && millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** A rate as the spec writes it: the shortest plain decimal ({@code 0.025}). */
  static String show(double rate) {
    return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }
}
