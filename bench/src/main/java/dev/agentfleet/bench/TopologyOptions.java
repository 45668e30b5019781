package dev.agentfleet.bench;

import dev.agentfleet.bench.fleet.Topology;
import picocli.CommandLine.Option;

/** Where the benchmarks that can run on a cluster run: {@code --cluster [--workers N]}. */
final class TopologyOptions {

  @Option(
      names = "--cluster",
      description =
          "run on a PostgreSQL-backed cluster of its own (what ./fleet cluster up runs, on free"
              + " ports, under .fleet/bench/NAME-cluster/) instead of a dev server; the result"
              + " goes to bench/results/NAME-cluster-wN.json")
  boolean cluster;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "workers on the cluster (default 1); needs --cluster")
  Integer workers;

  /** The topology asked for; a bad combination is an error that names the option. */
  Topology topology() {
    return new Topology(cluster, workers == null ? 1 : workers);
  }
}
