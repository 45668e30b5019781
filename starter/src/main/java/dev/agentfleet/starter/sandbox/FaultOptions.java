package dev.agentfleet.starter.sandbox;

import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of {@code fleet sandbox fault}: the target, rates, a latency and how long the
 * fault lasts. Each parser throws {@link IllegalArgumentException} with a message that shows the
 * accepted forms.
 */
public final class FaultOptions {

  private static final Pattern TARGET = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+|\\*)");
  private static final Pattern LATENCY = Pattern.compile("(\\d+)(ms|s)?");
  private static final Pattern SPAN = Pattern.compile("(\\d+)([smhd])");

  private FaultOptions() {}

  /** {@code CONNECTOR.OPERATION} as {connector, operation}; operation {@code *} is every one. */
  public static String[] target(String text) {
    Matcher m = TARGET.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not CONNECTOR.OPERATION, such as calendar.book or crm.*");
    }
    return new String[] {m.group(1), m.group(2)};
  }

  /**
   * Why a fault on {@code connector.operation} would never fire: the connector catalog, which the
   * workers' connectors are held to, has no such connector or operation; empty when it has.
   */
  public static Optional<String> unknownTarget(String connector, String operation) {
    return ConnectorCatalog.unknownTarget(connector, operation)
        .map(problem -> "no fault set, it would never fire: " + problem);
  }

  /** A share of calls from 0 to 1; {@code 30%} is 0.3. */
  public static double rate(String text) {
    String t = text.strip();
    try {
      double rate =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
              : Double.parseDouble(t);
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a share of calls: expected 0 to 1 (0.25) or a percentage (25%)");
  }

  /** Milliseconds: {@code 200}, {@code 200ms} or {@code 2s}. */
  public static long latencyMillis(String text) {
    Matcher m = LATENCY.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      try {
        long amount = Long.parseLong(m.group(1));
        return "s".equals(m.group(2)) ? Math.multiplyExact(amount, 1000L) : amount;
      } catch (NumberFormatException | ArithmeticException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a latency: expected milliseconds (200, 200ms) or seconds (2s)");
  }

  /**
   * A positive span: {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT10M}.
   */
  public static Duration span(String text) {
    String t = text.strip();
    Duration span = null;
    Matcher m = SPAN.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        span =
            switch (m.group(2)) {
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
        span = Duration.parse(t.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      span = null;
    }
    if (span == null || span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: expected 30s, 10m, 2h, 1d or PT10M");
    }
    return span;
  }
}
