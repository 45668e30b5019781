package dev.agentfleet.bench.result;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code BENCHMARKS.md} from the benchmarks' JSON results: the machine, the command and the
 * date, one table of figure / target / verdict, the benchmarks run on a cluster beside the dev
 * server's figures, and per benchmark how it ran, what limited it and how it was measured.
 */
public final class BenchmarksReport {

  private BenchmarksReport() {}

  /** The Markdown text for {@code results}, written by {@code command}. */
  public static String render(List<BenchResult> results, String command, String date) {
    return render(results, command, date, "");
  }

  /**
   * The Markdown text for {@code results}, with {@code reading} (a person's reading of the figures,
   * kept in {@code bench/reading.md} so a rerun does not lose it) after the summary table.
   */
  public static String render(
      List<BenchResult> results, String command, String date, String reading) {
    return render(results, List.of(), command, date, reading);
  }

  /**
   * As {@link #render(List, String, String, String)}, with the results of benchmarks run on a
   * cluster ({@code <benchmark>-cluster-w<N>}) in a section of their own beside the dev server's.
   */
  public static String render(
      List<BenchResult> results,
      List<BenchResult> clusterResults,
      String command,
      String date,
      String reading) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append(
        "Written by `./fleet bench all` from `bench/results/*.json`, where each benchmark's file"
            + " holds every figure, its parameters and how it was measured. Run `./fleet bench"
            + " all` on a quiet machine to refresh; `./fleet bench NAME --help` lists a"
            + " benchmark's options.\n\n");
    if (results.isEmpty()) {
      md.append("No results yet: run `./fleet bench all`.\n");
      return md.toString();
    }
    BenchResult first = results.get(0);
    md.append("- **Machine:** ").append(first.machine().describe()).append('\n');
    md.append("- **Command:** `").append(command).append("`\n");
    md.append("- **Date:** ").append(date).append('\n');
    md.append("- **Commit:** `").append(first.commit()).append("`\n\n");
    md.append("| benchmark | figure | measured | target | verdict |\n");
    md.append("| --- | --- | --- | --- | --- |\n");
    for (BenchResult result : results) {
      if (result.targets().isEmpty()) {
        md.append("| ")
            .append(result.benchmark())
            .append(" | — | could not measure | — | ")
            .append(result.verdict().label())
            .append(" |\n");
        continue;
      }
      for (TargetCheck check : result.targets()) {
        md.append("| ")
            .append(result.benchmark())
            .append(" | ")
            .append(check.label())
            .append(" | ")
            .append(check.describeMeasured())
            .append(" | ")
            .append(check.describeTarget())
            .append(" | ")
            .append(check.verdict().label())
            .append(" |\n");
      }
    }
    md.append(
        "\nA figure that misses its target by no more than its noise margin is reported as *MISS"
            + " (within noise)* and does not fail the benchmark; beyond the margin the benchmark"
            + " exits non-zero.\n");
    results.stream()
        .filter(r -> r.benchmark().equals("baseline") && r.error() == null)
        .findFirst()
        .ifPresent(baseline -> md.append('\n').append(floor(baseline)).append('\n'));
    if (!clusterResults.isEmpty()) {
      md.append('\n').append(ClusterTable.render(clusterResults, results));
    }
    if (!reading.isBlank()) {
      md.append('\n').append(reading.strip()).append('\n');
    }
    for (BenchResult result : results) {
      section(md, result, first);
    }
    for (BenchResult result : clusterResults) {
      section(md, result, first);
    }
    return md.toString();
  }

  private static void section(StringBuilder md, BenchResult result, BenchResult first) {
    md.append("\n## ")
        .append(result.benchmark())
        .append(": ")
        .append(result.title())
        .append("\n\n");
    md.append("`")
        .append(result.command())
        .append("` · ")
        .append(result.date())
        .append(" · ")
        .append(Numbers.show(result.durationSeconds(), "s"));
    if (!result.commit().equals(first.commit())) {
      md.append(" · commit `").append(result.commit()).append('`');
    }
    md.append("\n\n");
    if (!result.machine().equals(first.machine())) {
      md.append("Machine: ").append(result.machine().describe()).append("\n\n");
    }
    if (result.error() != null) {
      md.append("**Could not measure:** ").append(result.error()).append("\n");
      return;
    }
    md.append("Parameters: ").append(inline(result.parameters())).append(".\n\n");
    for (TargetCheck check : result.targets()) {
      md.append("- ")
          .append(check.label())
          .append(": **")
          .append(check.describeMeasured())
          .append("** (target ")
          .append(check.describeTarget())
          .append(", noise margin ")
          .append(Math.round(check.noiseMargin() * 100))
          .append(" %): ")
          .append(check.verdict().label())
          .append('\n');
    }
    md.append("\nWhat limits it: ").append(result.limits()).append("\n\n");
    md.append("Other figures: ").append(inline(result.figures())).append(".\n\n");
    md.append("How it was measured:\n\n");
    for (String line : result.method()) {
      md.append("- ").append(line).append('\n');
    }
  }

  /**
   * One line on the floor every performance claim is a ratio to: the fleet against raw Temporal on
   * the same server, from the baseline benchmark's figures.
   */
  static String floor(BenchResult baseline) {
    Map<String, Object> f = baseline.figures();
    return "**Against the floor** (`"
        + baseline.command()
        + "`: raw Temporal Java SDK, the same steps as no-op activities, on the same dev"
        + " server): the fleet takes "
        + ratio(f, "stepRatioP50")
        + " raw Temporal's time per step ("
        + value(f, "fleetStepP50Ms", "ms")
        + " against "
        + value(f, "rawStepP50Ms", "ms")
        + "), completes "
        + ratio(f, "throughputRatio")
        + " its runs per second ("
        + value(f, "fleetRunsPerSecond", "runs/s")
        + " against "
        + value(f, "rawRunsPerSecond", "runs/s")
        + ") and writes "
        + ratio(f, "historyBytesRatio")
        + " its history bytes per run ("
        + value(f, "fleetHistoryBytes", "bytes")
        + " against "
        + value(f, "rawHistoryBytes", "bytes")
        + ").";
  }

  private static String ratio(Map<String, Object> figures, String key) {
    return figures.get(key) instanceof Number n
        ? String.format(java.util.Locale.ROOT, "%.2fx", n.doubleValue())
        : "?x";
  }

  private static String value(Map<String, Object> figures, String key, String unit) {
    return figures.get(key) instanceof Number n ? Numbers.show(n.doubleValue(), unit) : "n/a";
  }

  private static String inline(Map<String, Object> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
