package dev.agentfleet.bench.result;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code BENCHMARKS.md} from the benchmarks' JSON results: the machine, the command and the
 * date, one table of figure / target / verdict, and per benchmark how it ran, what limited it and
 * how it was measured.
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
    if (!reading.isBlank()) {
      md.append('\n').append(reading.strip()).append('\n');
    }
    for (BenchResult result : results) {
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

  private static String inline(Map<String, Object> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
