package dev.agentfleet.eval;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Shows how far a long evaluation is, on stderr so that {@code --json} output stays clean: a bar
 * redrawn in place on a terminal, or a plain line every {@value #LINE_EVERY_MILLIS} ms otherwise.
 * Nothing shows for the first {@value #QUIET_MILLIS} ms, so a short evaluation prints no progress.
 */
public final class Progress implements IntConsumer {

  static final long QUIET_MILLIS = 2_000;
  static final long LINE_EVERY_MILLIS = 10_000;
  private static final long REDRAW_EVERY_MILLIS = 200;
  private static final int BAR = 30;

  private final PrintStream stream;
  private final boolean terminal;
  private final int total;
  private final long started;
  private long lastShown;
  private boolean shown;

  public Progress(PrintStream stream, boolean terminal, int total) {
    this.stream = stream;
    this.terminal = terminal;
    this.total = total;
    this.started = System.nanoTime();
  }

  @Override
  public synchronized void accept(int done) {
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    if (elapsed < QUIET_MILLIS && done < total) {
      return;
    }
    long every = terminal ? REDRAW_EVERY_MILLIS : LINE_EVERY_MILLIS;
    if (shown && elapsed - lastShown < every && done < total) {
      return;
    }
    if (!shown && done >= total) {
      return;
    }
    lastShown = elapsed;
    shown = true;
    String line = line(done, total, elapsed);
    if (terminal) {
      stream.print("\r" + line);
      if (done >= total) {
        stream.println();
      }
    } else {
      stream.println(line);
    }
    stream.flush();
  }

  /** The progress text: a bar, the count, the rate and the time left. */
  static String line(int done, int total, long elapsedMillis) {
    double share = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(share * BAR);
    double rate = elapsedMillis <= 0 ? 0 : done * 1000.0 / elapsedMillis;
    long leftSeconds = rate <= 0 ? 0 : Math.round((total - done) / rate);
    return String.format(
        Locale.ROOT,
        "eval [%s%s] %d/%d %3.0f%%  %.0f records/s  %s left",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        done,
        total,
        share * 100,
        rate,
        leftSeconds >= 60 ? leftSeconds / 60 + "m" + leftSeconds % 60 + "s" : leftSeconds + "s");
  }
}
