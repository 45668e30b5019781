package dev.agentfleet.starter.batch;

import dev.agentfleet.workflows.batch.BatchProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The live progress line of a batch on stderr: a bar, the records accounted for, the rate over the
 * last half minute and the time left at that rate, and what runs and waits. On a terminal the line
 * is redrawn in place; in a file or a pipe a new line is written every {@link #LOG_EVERY} or when
 * the batch ends.
 */
public final class BatchProgressBar {

  /** How often a non-interactive bar writes a line. */
  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private static final int WIDTH = 24;
  private static final long WINDOW_NANOS = Duration.ofSeconds(30).toNanos();

  private final PrintStream stream;
  private final boolean interactive;
  private final Deque<long[]> samples = new ArrayDeque<>();
  private int lastWidth;
  private long lastLogged = Long.MIN_VALUE;

  public BatchProgressBar(PrintStream stream, boolean interactive) {
    this.stream = stream;
    this.interactive = interactive;
  }

  /** Shows the batch as it stands at {@code nowNanos} (a {@link System#nanoTime} reading). */
  public void show(BatchProgress progress, String problem, long nowNanos) {
    if (progress == null) {
      if (problem != null) {
        print(problem, nowNanos, false);
      }
      return;
    }
    record(progress.accounted(), nowNanos);
    String line = line(progress, rate(), problem);
    print(line, nowNanos, progress.done());
  }

  /** Ends the redrawn line so what follows starts on a fresh one. */
  public void finish() {
    if (interactive && lastWidth > 0) {
      stream.println();
      lastWidth = 0;
    }
  }

  /** Records per second over the last half minute; 0 until two samples a moment apart. */
  double rate() {
    if (samples.size() < 2) {
      return 0;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    double seconds = (last[0] - first[0]) / 1e9;
    return seconds <= 0 ? 0 : (last[1] - first[1]) / seconds;
  }

  /** The progress line, without the terminal's carriage return. */
  static String line(BatchProgress p, double rate, String problem) {
    int total = Math.max(p.total(), 0);
    int accounted = p.accounted();
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * accounted / total);
    StringBuilder line = new StringBuilder();
    line.append('[')
        .append("#".repeat(filled))
        .append(".".repeat(WIDTH - filled))
        .append("] ")
        .append(accounted)
        .append('/')
        .append(total)
        .append(' ')
        .append(total == 0 ? 100 : 100L * accounted / total)
        .append('%');
    line.append(" · ").append(String.format(java.util.Locale.ROOT, "%.1f", rate)).append(" rec/s");
    int left = total - accounted;
    if (p.done()) {
      line.append(" · done");
    } else if (rate > 0) {
      line.append(" · ETA ").append(duration(Duration.ofSeconds((long) Math.ceil(left / rate))));
    } else {
      line.append(" · ETA –");
    }
    line.append(" · ").append(p.running()).append(" running");
    appendIfAny(line, p.waitingApproval(), "waiting approval");
    appendIfAny(line, p.waiting(), "waiting");
    appendIfAny(line, p.deadLettered(), "dead-lettered");
    appendIfAny(line, p.failed(), "failed");
    appendIfAny(line, p.duplicates(), "duplicates");
    appendIfAny(line, p.rejectedLines(), "rejected lines");
    if (problem != null) {
      line.append(" · ").append(problem);
    }
    return line.toString();
  }

  /** A duration as {@code 45s}, {@code 3m 05s} or {@code 1h 02m}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  private static void appendIfAny(StringBuilder line, int count, String what) {
    if (count > 0) {
      line.append(" · ").append(count).append(' ').append(what);
    }
  }

  private void record(int accounted, long nowNanos) {
    samples.addLast(new long[] {nowNanos, accounted});
    while (samples.size() > 2 && nowNanos - samples.peekFirst()[0] > WINDOW_NANOS) {
      samples.removeFirst();
    }
  }

  private void print(String line, long nowNanos, boolean last) {
    if (interactive) {
      stream.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      stream.flush();
      lastWidth = line.length();
      return;
    }
    if (last || lastLogged == Long.MIN_VALUE || nowNanos - lastLogged >= LOG_EVERY.toNanos()) {
      stream.println(line);
      lastLogged = nowNanos;
    }
  }
}
