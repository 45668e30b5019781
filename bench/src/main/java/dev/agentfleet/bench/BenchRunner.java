package dev.agentfleet.bench;

import dev.agentfleet.bench.result.BenchResult;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.result.ResultFiles;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.Verdict;
import dev.agentfleet.starter.FleetException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs one benchmark: prints what it does, measures, prints each figure against its target, and
 * writes the result file, also when the benchmark could not measure.
 */
final class BenchRunner {

  private final BenchContext context;
  private final BenchResult.Stamp stamp;
  private final ResultFiles files;

  BenchRunner(BenchContext context, BenchResult.Stamp stamp) {
    this.context = context;
    this.stamp = stamp;
    this.files = new ResultFiles(context.repo().resolve("bench").resolve("results"));
  }

  ResultFiles files() {
    return files;
  }

  /** Runs {@code benchmark} and returns its result (written to its file). */
  BenchResult run(Benchmark benchmark) {
    PrintStream out = context.out();
    out.println("bench " + benchmark.name() + ": " + benchmark.title());
    long started = System.nanoTime();
    BenchResult result;
    try {
      Measurement measurement = benchmark.run(context);
      result =
          BenchResult.measured(
              benchmark.name(), benchmark.title(), stamp, seconds(started), measurement);
      printSummary(out, result, measurement);
    } catch (BenchFailure | FleetException e) {
      result = failed(benchmark, started, e.getMessage());
    } catch (RuntimeException e) {
      // A bug or an unexpected answer from Temporal: still a result file that says so.
      result =
          failed(
              benchmark,
              started,
              benchmark.name()
                  + ": unexpected "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage());
      e.printStackTrace(out);
    }
    Path file = files.write(result);
    out.println(
        "  "
            + benchmark.name()
            + ": "
            + result.verdict().label()
            + " — "
            + context.repo().relativize(file)
            + String.format(Locale.ROOT, " (%.0f s)", result.durationSeconds()));
    return result;
  }

  private BenchResult failed(Benchmark benchmark, long started, String error) {
    context.out().println("  could not measure: " + error);
    return BenchResult.failed(
        benchmark.name(),
        benchmark.title(),
        stamp,
        seconds(started),
        benchmark.parameters(),
        error);
  }

  private static void printSummary(PrintStream out, BenchResult result, Measurement measurement) {
    for (TargetCheck check : result.targets()) {
      out.printf(
          Locale.ROOT,
          "  %-54s %12s   target %-12s %s%n",
          check.label(),
          check.describeMeasured(),
          check.describeTarget(),
          check.verdict().label());
    }
    for (String line : measurement.details()) {
      out.println("  " + line);
    }
    out.println("  what limits it: " + result.limits());
  }

  /** The process exit code for a verdict: 1 for a miss beyond noise, 3 when not measured. */
  static int exitCode(Verdict verdict) {
    return switch (verdict) {
      case PASS, NEAR -> 0;
      case MISS -> 1;
      case ERROR -> 3;
    };
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
