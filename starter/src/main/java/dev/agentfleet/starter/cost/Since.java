package dev.agentfleet.starter.cost;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code --since} value: an instant ({@code 2025-06-01T09:00:00Z}), a day ({@code
 * 2025-06-01}, from midnight UTC), or a span back from now ({@code PT24H}, {@code P7D}, or the
 * short {@code 90m}, {@code 24h}, {@code 7d}).
 */
public final class Since {

  private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

  private Since() {}

  /**
   * Parses the value relative to {@code now}.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static Instant parse(String value, Instant now) {
    String text = value.trim();
    Matcher shortForm = SHORT.matcher(text.toLowerCase(Locale.ROOT));
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      Duration span =
          switch (shortForm.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return now.minus(span);
    }
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return now.minus(Duration.parse(text));
      }
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a time; expected an instant (2025-06-01T09:00:00Z), a day (2025-06-01)"
              + " or a span back from now (PT24H, 24h, 7d)");
    }
  }
}
