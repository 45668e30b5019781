package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.cluster.ClusterStatus;
import dev.agentfleet.starter.cluster.LocalCluster;
import dev.agentfleet.starter.cluster.ServerTools;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark's own cluster: the production topology ({@link LocalCluster}, what {@code ./fleet
 * cluster up} runs: a PostgreSQL of its own, the Temporal server's four services as separate
 * processes, N workers, the ledger on PostgreSQL) on free ports, with its state under {@code
 * .fleet/bench/<name>/cluster/}, so a user's own cluster in {@code .fleet/cluster/} is left alone.
 * Made fresh for every run of the benchmark; closing it runs the cluster's {@code down}, also when
 * the benchmark failed or the JVM is interrupted (a shutdown hook).
 */
public final class ClusterBenchFleet implements FleetUnderTest {

  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final FleetPaths paths;
  private final LocalCluster cluster;
  private final Map<String, String> workerEnv;
  private final PrintStream out;
  private StopOnExit stopOnExit;
  private TemporalConnection temporal;
  private ClusterStatus status;
  private boolean closed;

  private ClusterBenchFleet(
      String name,
      FleetPaths paths,
      LocalCluster cluster,
      Map<String, String> workerEnv,
      PrintStream out) {
    this.name = name;
    this.paths = paths;
    this.cluster = cluster;
    this.workerEnv = workerEnv;
    this.out = out;
  }

  /**
   * Starts the cluster of benchmark {@code name} (its home {@code .fleet/bench/<name>/}, wiped
   * first, after stopping what an earlier, killed run left running) with {@code workers} workers
   * running {@code workerSettings} (FLEET_* variables) on top of the inherited environment.
   */
  public static ClusterBenchFleet start(
      String name, Path repo, int workers, Map<String, String> workerSettings, PrintStream out) {
    BenchFleet.refuseConflictingEnvironment(System.getenv());
    FleetPaths paths = BenchHome.paths(repo, name);
    Path home = paths.home();
    Map<String, String> settings = BenchFleet.workerSettings(repo, workerSettings);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(settings);
    env.put("TEMPORAL_NAMESPACE", "default");
    LocalCluster cluster = new LocalCluster(paths, env, out);
    stopLeftover(cluster, home, out);
    BenchHome.prepare(home, out);
    ClusterBenchFleet fleet = new ClusterBenchFleet(name, paths, cluster, settings, out);
    fleet.stopOnExit = StopOnExit.register(fleet::close, "bench-cluster-stop");
    try {
      fleet.up(workers);
    } catch (FleetException e) {
      fleet.close();
      throw new BenchFailure(name + ": the cluster did not start: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** A cluster an earlier run of this benchmark left running (it was killed) is stopped first. */
  private static void stopLeftover(LocalCluster cluster, Path home, PrintStream out) {
    if (!Files.isRegularFile(home.resolve("cluster").resolve("cluster.json"))) {
      return;
    }
    try {
      ClusterStatus left = cluster.status();
      boolean anyRuns =
          left.postgres().running()
              || left.services().stream().anyMatch(ClusterStatus.Service::running)
              || left.workers().stream().anyMatch(ClusterStatus.Worker::running);
      if (anyRuns) {
        out.println("  stopping the cluster an earlier run left running in " + home);
        cluster.down();
      }
    } catch (FleetException e) {
      out.println("  could not stop the cluster an earlier run left: " + e.getMessage());
    }
  }

  private void up(int workers) {
    long started = System.nanoTime();
    status = cluster.up(new LocalCluster.Request(workers, false, 0, -1));
    temporal =
        TemporalConnection.fromEnvironment(
            Map.of(
                "TEMPORAL_ADDRESS",
                status.temporalAddress(),
                "TEMPORAL_NAMESPACE",
                status.namespace(),
                "FLEET_REPO",
                paths.repo().toString(),
                "FLEET_HOME",
                paths.home().toString()));
    out.printf(
        Locale.ROOT,
        "  %s: cluster at %s (%d Temporal processes, %d workers, PostgreSQL on port %d; %.1f s;"
            + " logs %s)%n",
        name,
        status.temporalAddress(),
        status.services().size(),
        status.workers().size(),
        status.postgres().port(),
        (System.nanoTime() - started) / 1e9,
        logs());
  }

  @Override
  public TemporalConnection temporal() {
    return temporal;
  }

  @Override
  public LedgerDatabase ledger() {
    return LedgerDatabase.at(LedgerLocation.of(status.ledgerUrl()), paths.home(), paths::show);
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "its own cluster: Temporal server %s as %d processes (%s) on PostgreSQL, %d worker%s, the"
            + " ledger on the same PostgreSQL",
        ServerTools.VERSION,
        status.services().size(),
        String.join(", ", status.services().stream().map(ClusterStatus.Service::name).toList()),
        status.workers().size(),
        status.workers().size() == 1 ? "" : "s");
  }

  @Override
  public List<Long> workerPids() {
    return status.workers().stream().map(w -> requireRunning(w).pid()).toList();
  }

  @Override
  public int metricsPort() {
    return status.workers().get(0).metricsPort();
  }

  @Override
  public boolean workerAlive() {
    return cluster.status().workers().stream().allMatch(ClusterStatus.Worker::running);
  }

  /**
   * The workers together, each Temporal service on its own ({@code history}, {@code matching},
   * {@code frontend}, {@code temporalWorker}), PostgreSQL with its backends, and this JVM.
   */
  @Override
  public Map<String, CpuSource> cpuParts() {
    Map<String, CpuSource> parts = new LinkedHashMap<>();
    List<CpuSource> workers = new ArrayList<>();
    workerPids().forEach(pid -> workers.add(CpuSource.process(pid)));
    parts.put("workers", CpuSource.sum(workers));
    for (ClusterStatus.Service service : status.services()) {
      if (service.pid() != null) {
        String key = service.name().equals("worker") ? "temporalWorker" : service.name();
        parts.put(key, CpuSource.process(service.pid()));
      }
    }
    if (status.postgres().pid() != null) {
      parts.put("postgres", CpuSource.tree(status.postgres().pid()));
    }
    parts.put("bench", CpuSource.process(ProcessHandle.current().pid()));
    return parts;
  }

  @Override
  public Instant killWorker() {
    ClusterStatus.Worker first = status.workers().get(0);
    requireRunning(first);
    ProcessHandle victim = ProcessHandle.of(first.pid()).orElseThrow();
    Instant at = Instant.now();
    victim.destroyForcibly();
    long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
    while (cluster.status().workers().get(0).running()) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure(
            name + ": worker 1 (pid " + first.pid() + ") survived SIGKILL for 10 s");
      }
      sleep();
    }
    status = cluster.status();
    return at;
  }

  @Override
  public ProcessHandle startWorker() {
    long started = System.nanoTime();
    try {
      status = cluster.startWorkers();
    } catch (FleetException e) {
      throw new BenchFailure(name + ": " + e.getMessage(), e);
    }
    ProcessHandle worker = requireRunning(status.workers().get(0));
    out.printf(
        Locale.ROOT,
        "  %s: new worker 1 polling (pid %d, %.1f s)%n",
        name,
        worker.pid(),
        (System.nanoTime() - started) / 1e9);
    return worker;
  }

  private ProcessHandle requireRunning(ClusterStatus.Worker worker) {
    return ProcessHandle.of(worker.pid() == null ? -1 : worker.pid())
        .filter(p -> worker.running())
        .orElseThrow(
            () ->
                new BenchFailure(
                    name + ": a worker is not running (it stopped by itself?) — see " + logs()));
  }

  @Override
  public String logs() {
    return paths.show(paths.home().resolve("cluster").resolve("logs"));
  }

  @Override
  public Map<String, String> describeWorkerSettings() {
    return BenchFleet.describeSettings(workerEnv);
  }

  /** Runs the cluster's {@code down}: workers, the Temporal services, PostgreSQL. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (temporal != null) {
      temporal.close();
    }
    try {
      cluster.down();
    } catch (RuntimeException e) {
      out.println("  " + name + ": could not stop the cluster: " + e.getMessage());
    }
    if (stopOnExit != null) {
      stopOnExit.release();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted while waiting for the killed worker to end");
    }
  }
}
