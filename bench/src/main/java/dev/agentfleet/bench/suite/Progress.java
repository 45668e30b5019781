package dev.agentfleet.bench.suite;

import java.io.PrintStream;
import java.util.Locale;

/** Says every few seconds how many runs ended, so a long benchmark shows it is moving. */
final class Progress {

  private static final long EVERY_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final String benchmark;
  private final int total;
  private final long began = System.nanoTime();
  private long lastReport = began;

  Progress(PrintStream out, String benchmark, int total) {
    this.out = out;
    this.benchmark = benchmark;
    this.total = total;
  }

  synchronized void ended(int ended) {
    long now = System.nanoTime();
    if (now - lastReport >= EVERY_NANOS) {
      lastReport = now;
      out.printf(
          Locale.ROOT,
          "  %s: %d of %d runs ended (%.0f s)%n",
          benchmark,
          ended,
          total,
          (now - began) / 1e9);
    }
  }
}
