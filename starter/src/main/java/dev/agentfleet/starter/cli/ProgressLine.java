package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.runs.RunWatcher.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Shows how a set of runs stands: one line redrawn in place on a terminal, or a new line whenever
 * the counts change when output goes to a file or a pipe.
 */
final class ProgressLine implements Consumer<Progress> {

  private final PrintStream stream;
  private final boolean interactive;
  private String lastCounts = "";
  private int lastWidth;

  ProgressLine(PrintStream stream, boolean interactive) {
    this.stream = stream;
    this.interactive = interactive;
  }

  @Override
  public void accept(Progress progress) {
    String counts =
        progress.done()
            + " done · "
            + progress.waiting()
            + " waiting for approval · "
            + progress.running()
            + " running";
    String line = counts + "  (" + progress.elapsed().toSeconds() + " s)";
    if (interactive) {
      stream.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      stream.flush();
      lastWidth = line.length();
    } else if (!counts.equals(lastCounts)) {
      stream.println(line);
    }
    lastCounts = counts;
  }

  /** Ends the redrawn line so what follows starts on a fresh one. */
  void finish() {
    if (interactive && lastWidth > 0) {
      stream.println();
    }
  }
}
