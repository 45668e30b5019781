package dev.agentfleet.bench.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Completion rates over a set of completion times. */
public final class Rates {

  private Rates() {}

  /**
   * Completions per second between the {@code from} and {@code to} shares of the completions (for
   * example 0.1 and 0.9): the completions in that window divided by the time it spans. Leaving out
   * the first and last completions leaves out the ramp-up (runs starting, a cold worker) and the
   * tail (the last runs finishing alone).
   *
   * @param completionNanos completion times, in any order, at least two
   */
  public static double steadyState(List<Long> completionNanos, double from, double to) {
    if (!(from >= 0 && from < to && to <= 1)) {
      throw new IllegalArgumentException("need 0 <= from < to <= 1, got " + from + ", " + to);
    }
    List<Long> sorted = new ArrayList<>(completionNanos);
    Collections.sort(sorted);
    int n = sorted.size();
    int first = Math.max(1, (int) Math.ceil(from * n));
    int last = Math.max(first + 1, (int) Math.floor(to * n));
    if (n < 2 || last > n) {
      throw new IllegalArgumentException(
          "a steady-state rate needs at least two completions in the window; got " + n);
    }
    long span = sorted.get(last - 1) - sorted.get(first - 1);
    if (span <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return (last - first) / (span / 1e9);
  }

  /** Completions per second from the first start to the last completion. */
  public static double overall(int completions, long firstStartNanos, long lastCompletionNanos) {
    long span = lastCompletionNanos - firstStartNanos;
    if (span <= 0) {
      throw new IllegalArgumentException("the last completion must come after the first start");
    }
    return completions / (span / 1e9);
  }
}
