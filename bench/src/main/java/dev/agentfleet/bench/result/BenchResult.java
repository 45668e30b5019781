package dev.agentfleet.bench.result;

import java.util.List;
import java.util.Map;

/**
 * One benchmark's result as written to {@code bench/results/<benchmark>.json} and summarised in
 * {@code BENCHMARKS.md}.
 *
 * @param benchmark the benchmark's name ({@code overhead}, ...)
 * @param title what it measures, in a few words
 * @param date when it ran (ISO-8601, UTC)
 * @param command the command line that ran it
 * @param commit the repository's commit ({@code +dirty} when the tree had changes)
 * @param machine the machine
 * @param durationSeconds how long the benchmark took, its fleet's start and stop included
 * @param parameters the sizes and settings it ran with
 * @param figures every figure measured
 * @param targets the figures with targets, judged
 * @param verdict the worst of the targets' verdicts; ERROR when it could not measure
 * @param limits what limited the figures
 * @param method how the figures were measured
 * @param error why it could not measure; null when it did
 */
public record BenchResult(
    String benchmark,
    String title,
    String date,
    String command,
    String commit,
    Machine machine,
    double durationSeconds,
    Map<String, Object> parameters,
    Map<String, Object> figures,
    List<TargetCheck> targets,
    Verdict verdict,
    String limits,
    List<String> method,
    String error) {

  /** A benchmark that measured. */
  public static BenchResult measured(
      String benchmark,
      String title,
      Stamp stamp,
      double durationSeconds,
      Measurement measurement) {
    return new BenchResult(
        benchmark,
        title,
        stamp.date(),
        stamp.command(),
        stamp.commit(),
        stamp.machine(),
        Numbers.round(durationSeconds, 1),
        measurement.parameters(),
        measurement.figures(),
        measurement.targets(),
        measurement.verdict(),
        measurement.limits(),
        measurement.method(),
        null);
  }

  /** A benchmark that could not measure. */
  public static BenchResult failed(
      String benchmark,
      String title,
      Stamp stamp,
      double durationSeconds,
      Map<String, Object> parameters,
      String error) {
    return new BenchResult(
        benchmark,
        title,
        stamp.date(),
        stamp.command(),
        stamp.commit(),
        stamp.machine(),
        Numbers.round(durationSeconds, 1),
        parameters,
        Map.of(),
        List.of(),
        Verdict.ERROR,
        null,
        List.of(),
        error);
  }

  /** Where and when a benchmark ran. */
  public record Stamp(String date, String command, String commit, Machine machine) {}
}
