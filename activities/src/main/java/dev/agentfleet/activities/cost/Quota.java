package dev.agentfleet.activities.cost;

import java.time.Duration;

/**
 * What one agent may spend on model calls in a sliding window.
 *
 * @param usd the most the agent's calls may cost within the window, in US dollars
 * @param window how far back the spend is summed, for example 24 hours
 */
public record Quota(double usd, Duration window) {

  /** The window of a quota that names none. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  public Quota {
    if (!(usd >= 0)) {
      throw new IllegalArgumentException("a quota needs a non-negative usd amount, got " + usd);
    }
    window = window == null ? DEFAULT_WINDOW : window;
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("a quota needs a positive window, got " + window);
    }
  }
}
