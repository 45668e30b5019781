package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.result.ClusterTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark runs its fleet on: its own dev server with one worker (the default), or its own
 * PostgreSQL-backed cluster with N workers ({@code --cluster --workers N}). A cluster's result is
 * kept apart from the dev server's: {@code bench/results/<benchmark>-cluster-w<N>.json}.
 *
 * @param cluster true for the cluster
 * @param workers the workers (1 on a dev server)
 */
public record Topology(boolean cluster, int workers) {

  /** A dev server and one worker. */
  public static final Topology DEV_SERVER = new Topology(false, 1);

  public Topology {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    if (!cluster && workers != 1) {
      throw new IllegalArgumentException(
          "--workers " + workers + " needs --cluster: a dev-server benchmark runs one worker");
    }
  }

  /** A cluster with {@code workers} workers. */
  public static Topology cluster(int workers) {
    return new Topology(true, workers);
  }

  /** The name the result is written under: {@code throughput}, {@code throughput-cluster-w2}. */
  public String resultName(String benchmark) {
    return cluster ? ClusterTable.resultName(benchmark, workers) : benchmark;
  }

  /** What a title adds: nothing on a dev server, {@code , on a cluster with 2 workers}. */
  public String titleSuffix() {
    return cluster ? String.format(Locale.ROOT, ", on a cluster with %s", workersPhrase()) : "";
  }

  /** {@code one worker}, {@code 2 workers}. */
  public String workersPhrase() {
    return workers == 1 ? "one worker" : workers + " workers";
  }

  /** Adds the topology to a result's parameters (nothing for a dev server, as before). */
  public void describe(Map<String, Object> parameters) {
    if (cluster) {
      parameters.put("fleet", "cluster");
      parameters.put("workers", workers);
    }
  }

  /**
   * Starts the fleet of benchmark {@code benchmark}: under {@code .fleet/bench/<benchmark>/} for a
   * dev server, {@code .fleet/bench/<benchmark>-cluster/} for a cluster.
   */
  public FleetUnderTest start(
      String benchmark, Path repo, Map<String, String> workerSettings, PrintStream out) {
    return cluster
        ? ClusterBenchFleet.start(benchmark + "-cluster", repo, workers, workerSettings, out)
        : BenchFleet.start(benchmark, repo, workerSettings, out);
  }
}
