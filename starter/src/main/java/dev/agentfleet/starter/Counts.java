package dev.agentfleet.starter;

import java.util.Locale;

/**
 * Counts the way every part of the CLI and the admin page prints them: thousands grouped, the noun
 * in the singular for one and the plural otherwise ("1 run", "1,000 runs"), never "run(s)".
 */
public final class Counts {

  private Counts() {}

  /** {@code n} and {@code noun}, the noun plural (with an s) unless n is 1. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** {@code n} and the singular or the plural given. */
  public static String of(long n, String singular, String plural) {
    return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? singular : plural);
  }
}
