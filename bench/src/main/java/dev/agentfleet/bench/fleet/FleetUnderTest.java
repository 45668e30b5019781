package dev.agentfleet.bench.fleet;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.starter.connection.TemporalConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet a benchmark measures, whatever runs it: a dev server with one worker ({@link
 * BenchFleet}) or a PostgreSQL-backed cluster with N workers ({@link ClusterBenchFleet}). A
 * benchmark starts runs through {@link #temporal()}, reads effects from {@link #ledger()}, and may
 * kill one worker and start a new one in its place. Closing it stops everything it started.
 */
public interface FleetUnderTest extends AutoCloseable {

  /** The connection runs are started and read through. */
  TemporalConnection temporal();

  /** The ledger the workers write (SQLite beside a dev server, PostgreSQL on a cluster). */
  LedgerDatabase ledger();

  /** What runs the fleet, for a benchmark's method: {@code its own dev server on SQLite}. */
  String describe();

  /** The workers' pids, the first being the one {@link #killWorker()} kills. */
  List<Long> workerPids();

  /** The metrics port of the first worker. */
  int metricsPort();

  /** Whether every worker runs (a benchmark checks it when runs stop moving). */
  boolean workerAlive();

  /**
   * The parts that use CPU, by name: {@code worker} (or {@code workers}), {@code devServer} or a
   * cluster's services and {@code postgres}, and {@code bench} (this JVM), in the order a report
   * lists them.
   */
  Map<String, CpuSource> cpuParts();

  /**
   * Kills the first worker with SIGKILL ({@code kill -9}: no shutdown hook, no graceful stop) and
   * waits until it is gone; the other workers, if any, keep running.
   *
   * @return the moment just before the signal was sent
   */
  Instant killWorker();

  /**
   * Starts a worker in place of the killed one and waits until the server lists it among the
   * pollers.
   */
  ProcessHandle startWorker();

  /** Where the logs are, for messages. */
  String logs();

  /** The FLEET_* settings the workers run with that change what is measured. */
  Map<String, String> describeWorkerSettings();

  /** Stops what the fleet started; safe to call twice. */
  @Override
  void close();
}
