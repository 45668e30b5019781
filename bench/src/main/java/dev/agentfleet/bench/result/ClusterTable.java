package dev.agentfleet.bench.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's "On the cluster" section: the figures with targets of each benchmark run on a
 * cluster ({@code <benchmark>-cluster-w<N>}), a column per number of workers, beside the same
 * figure on the dev server.
 */
public final class ClusterTable {

  /** What a cluster result's name adds to the benchmark's, before the number of workers. */
  static final String CLUSTER_INFIX = "-cluster-w";

  private static final Pattern CLUSTER_NAME =
      Pattern.compile("(.+)" + CLUSTER_INFIX + "([1-9][0-9]*)");

  private ClusterTable() {}

  /** The name a benchmark's result on a cluster with {@code workers} workers is kept under. */
  public static String resultName(String benchmark, int workers) {
    return benchmark + CLUSTER_INFIX + workers;
  }

  /** The benchmark and the workers a cluster result's name stands for. */
  record Name(String benchmark, int workers) {

    /** Parses {@code throughput-cluster-w2}; empty for a dev-server result's name. */
    static Optional<Name> of(String resultName) {
      Matcher m = CLUSTER_NAME.matcher(resultName);
      return m.matches()
          ? Optional.of(new Name(m.group(1), Integer.parseInt(m.group(2))))
          : Optional.empty();
    }
  }

  /** The section for {@code cluster} (cluster results), next to {@code devServer}'s figures. */
  static String render(List<BenchResult> cluster, List<BenchResult> devServer) {
    Map<String, Map<Integer, BenchResult>> byBenchmark = new LinkedHashMap<>();
    Set<Integer> workerCounts = new TreeSet<>();
    for (BenchResult result : cluster) {
      Name name =
          Name.of(result.benchmark())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "not a cluster result: '"
                              + result.benchmark()
                              + "' (expected NAME-cluster-wN)"));
      byBenchmark
          .computeIfAbsent(name.benchmark(), b -> new TreeMap<>())
          .put(name.workers(), result);
      workerCounts.add(name.workers());
    }
    Map<String, BenchResult> dev = new LinkedHashMap<>();
    devServer.forEach(r -> dev.put(r.benchmark(), r));

    StringBuilder md = new StringBuilder("## On the cluster\n\n");
    md.append(
        "The same benchmarks on a PostgreSQL-backed cluster of their own (`./fleet bench NAME"
            + " --cluster --workers N`: what `./fleet cluster up` runs, the Temporal server's"
            + " services as separate processes, PostgreSQL, N workers, the ledger on PostgreSQL,"
            + " all on this one machine), beside the dev server's figures from the table above."
            + " Each cell is the figure, the runs it was measured on and its verdict; each"
            + " cluster run's details are in its own section below.\n\n");
    md.append("| benchmark | figure |");
    workerCounts.forEach(n -> md.append(' ').append(n).append(n == 1 ? " worker |" : " workers |"));
    md.append(" dev server |\n| --- | --- |");
    workerCounts.forEach(n -> md.append(" --- |"));
    md.append(" --- |\n");
    byBenchmark.forEach(
        (benchmark, runs) -> {
          for (Map.Entry<String, String> figure : figures(runs.values()).entrySet()) {
            md.append("| ").append(benchmark).append(" | ").append(figure.getValue()).append(" |");
            for (int n : workerCounts) {
              md.append(' ').append(cell(runs.get(n), figure.getKey())).append(" |");
            }
            md.append(' ').append(cell(dev.get(benchmark), figure.getKey())).append(" |\n");
          }
        });
    return md.toString();
  }

  /**
   * The figures with targets, by key, labelled as the first result that has them; one row saying so
   * when none of the results measured.
   */
  private static Map<String, String> figures(Iterable<BenchResult> results) {
    Map<String, String> figures = new LinkedHashMap<>();
    for (BenchResult result : results) {
      for (TargetCheck check : result.targets()) {
        figures.putIfAbsent(check.figure(), check.label());
      }
    }
    if (figures.isEmpty()) {
      figures.put("", "—");
    }
    return figures;
  }

  private static String cell(BenchResult result, String figure) {
    if (result == null) {
      return "—";
    }
    if (result.error() != null) {
      return "could not measure";
    }
    Optional<TargetCheck> check =
        result.targets().stream().filter(c -> c.figure().equals(figure)).findFirst();
    if (check.isEmpty()) {
      return "n/a";
    }
    List<String> notes = new ArrayList<>();
    if (result.parameters().get("runs") instanceof Number runs) {
      notes.add(runs.intValue() + " runs");
    }
    notes.add(check.get().verdict().label());
    return check.get().describeMeasured() + " (" + String.join(", ", notes) + ")";
  }
}
