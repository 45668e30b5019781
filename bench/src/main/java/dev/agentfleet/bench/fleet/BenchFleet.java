package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.DevServer;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.starter.local.TemporalCli;
import dev.agentfleet.starter.local.WorkerProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark's own local fleet: a fresh home under {@code .fleet/bench/<name>/}, a Temporal dev
 * server on free ports with its own SQLite file (the starter's {@link DevServer}: WAL, synchronous
 * NORMAL, the fleet's search attributes) and one worker JVM ({@link WorkerProcess}) with the
 * settings the benchmark asks for. Closing it stops both, also when the benchmark failed or the JVM
 * is interrupted (a shutdown hook).
 */
public final class BenchFleet implements FleetUnderTest {

  /**
   * Settings that would make the worker measure another system than the default local fleet. They
   * are refused when inherited; a benchmark that wants one passes it explicitly.
   */
  static final List<String> REFUSED_PREFIXES =
      List.of(
          "TEMPORAL_API_KEY",
          "TEMPORAL_TLS",
          "TEMPORAL_PROFILE",
          "TEMPORAL_CONFIG_FILE",
          "FLEET_ENCRYPT_PAYLOADS",
          "FLEET_PAYLOAD_KEYS",
          "FLEET_BLOB_URL",
          "FLEET_SANDBOX_FAULTS",
          "FLEET_QUOTA",
          "FLEET_MODEL_RPS_",
          "OTEL_EXPORTER_OTLP_");

  private static final Duration WORKER_GRACE = Duration.ofSeconds(20);
  private static final Duration SERVER_GRACE = Duration.ofSeconds(15);
  private static final Duration POLLER_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final FleetPaths paths;
  private final TemporalConnection temporal;
  private final Map<String, String> workerEnv;
  private final int metricsPort;
  private final PrintStream out;
  private StopOnExit stopOnExit;
  private ProcessHandle server;
  private ProcessHandle worker;
  private boolean closed;

  private BenchFleet(
      String name,
      FleetPaths paths,
      TemporalConnection temporal,
      Map<String, String> workerEnv,
      int metricsPort,
      PrintStream out) {
    this.name = name;
    this.paths = paths;
    this.temporal = temporal;
    this.workerEnv = workerEnv;
    this.metricsPort = metricsPort;
    this.out = out;
  }

  /**
   * Starts the fleet of benchmark {@code name}: wipes its home, starts the dev server, then one
   * worker with {@code workerSettings} (FLEET_* variables) on top of the inherited environment.
   */
  public static BenchFleet start(
      String name, Path repo, Map<String, String> workerSettings, PrintStream out) {
    refuseConflictingEnvironment(System.getenv());
    FleetPaths paths = BenchHome.paths(repo, name);
    Path home = paths.home();
    BenchHome.prepare(home, out);
    int port = FreePorts.withUiPort();
    int metricsPort = FreePorts.any();
    String address = "127.0.0.1:" + port;
    Map<String, String> clientEnv =
        Map.of(
            "TEMPORAL_ADDRESS",
            address,
            "TEMPORAL_NAMESPACE",
            "default",
            "FLEET_REPO",
            repo.toString(),
            "FLEET_HOME",
            home.toString());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEMPORAL_ADDRESS", address);
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("FLEET_LEDGER_URL", "jdbc:sqlite:" + home.resolve("ledger.db"));
    env.put("FLEET_METRICS_PORT", Integer.toString(metricsPort));
    env.put("FLEET_CODEC_PORT", "0");
    env.putAll(workerSettings(repo, workerSettings));
    TemporalConnection temporal = TemporalConnection.fromEnvironment(clientEnv);
    BenchFleet fleet = new BenchFleet(name, paths, temporal, env, metricsPort, out);
    fleet.stopOnExit = StopOnExit.register(fleet::close, "bench-fleet-stop");
    try {
      fleet.startServer();
      fleet.startWorker();
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /**
   * The settings every benchmark worker runs with, wherever it runs: the offline model, text logs,
   * the benchmark agents deployed, then {@code workerSettings} on top.
   */
  static Map<String, String> workerSettings(Path repo, Map<String, String> workerSettings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLEET_MODEL_PROVIDER", "offline");
    env.put("FLEET_LOG_FORMAT", "text");
    // The worker runs the benchmark agents and those derived from them (BenchContext): deployed.
    env.put(
        "FLEET_AGENTS_DIR",
        repo.resolve("bench").resolve("agents")
            + java.io.File.pathSeparator
            + repo.resolve(".fleet").resolve("bench").resolve("agents"));
    env.putAll(workerSettings);
    return env;
  }

  /** Fails when an inherited variable would change what is measured (see the list above). */
  static void refuseConflictingEnvironment(Map<String, String> env) {
    List<String> set =
        env.entrySet().stream()
            .filter(e -> e.getValue() != null && !e.getValue().isBlank())
            .map(Map.Entry::getKey)
            .filter(k -> REFUSED_PREFIXES.stream().anyMatch(k::startsWith))
            .sorted()
            .toList();
    if (!set.isEmpty()) {
      throw new BenchFailure(
          "benchmarks measure the default local fleet on their own dev server, but "
              + String.join(", ", set)
              + (set.size() == 1 ? " is" : " are")
              + " set — unset "
              + (set.size() == 1 ? "it" : "them")
              + ", or pass a worker setting on purpose with --worker-env KEY=VALUE");
    }
  }

  private void startServer() {
    Path cli = new TemporalCli(paths, System.getenv(), out).locateOrInstall();
    long started = System.nanoTime();
    server = new DevServer(paths, temporal).start(cli);
    out.printf(
        Locale.ROOT,
        "  %s: Temporal dev server at %s (pid %d, %.1f s, data %s)%n",
        name,
        temporal.address(),
        server.pid(),
        (System.nanoTime() - started) / 1e9,
        paths.show(paths.temporalDb()));
  }

  /**
   * Starts a worker JVM and waits until the server lists it among the pollers of the agents' task
   * queue (by its identity, {@code pid@host}); the previous worker must be gone.
   */
  @Override
  public ProcessHandle startWorker() {
    long started = System.nanoTime();
    try {
      worker = new WorkerProcess(paths, temporal, workerEnv).start();
    } catch (FleetException e) {
      throw new BenchFailure(name + ": " + e.getMessage(), e);
    }
    WorkerPolling.await(temporal, worker, POLLER_TIMEOUT, name, paths.show(paths.workerLog()));
    out.printf(
        Locale.ROOT,
        "  %s: worker polling (pid %d, %.1f s, log %s)%n",
        name,
        worker.pid(),
        (System.nanoTime() - started) / 1e9,
        paths.show(paths.workerLog()));
    return worker;
  }

  @Override
  public Instant killWorker() {
    ProcessHandle victim = requireWorker();
    Instant at = Instant.now();
    victim.destroyForcibly();
    if (!Processes.awaitExit(victim, Duration.ofSeconds(10))) {
      throw new BenchFailure(
          name + ": the worker (pid " + victim.pid() + ") survived SIGKILL for 10 s");
    }
    worker = null;
    return at;
  }

  private ProcessHandle requireWorker() {
    if (worker == null || !worker.isAlive()) {
      throw new BenchFailure(
          name
              + ": the worker is not running (it stopped by itself?) — see "
              + paths.show(paths.workerLog()));
    }
    return worker;
  }

  @Override
  public TemporalConnection temporal() {
    return temporal;
  }

  @Override
  public LedgerDatabase ledger() {
    return LedgerDatabase.sqlite(paths.ledgerDb(), paths.show(paths.ledgerDb()));
  }

  @Override
  public String describe() {
    return "its own dev server on SQLite";
  }

  @Override
  public List<Long> workerPids() {
    return List.of(workerPid());
  }

  @Override
  public Map<String, CpuSource> cpuParts() {
    Map<String, CpuSource> parts = new LinkedHashMap<>();
    parts.put("worker", CpuSource.process(workerPid()));
    parts.put("devServer", CpuSource.process(serverPid()));
    parts.put("bench", CpuSource.process(ProcessHandle.current().pid()));
    return parts;
  }

  public FleetPaths paths() {
    return paths;
  }

  public Path ledgerDb() {
    return paths.ledgerDb();
  }

  public long workerPid() {
    return requireWorker().pid();
  }

  public long serverPid() {
    return server.pid();
  }

  @Override
  public int metricsPort() {
    return metricsPort;
  }

  @Override
  public boolean workerAlive() {
    return worker != null && worker.isAlive();
  }

  @Override
  public String logs() {
    return paths.show(paths.workerLog()) + " and " + paths.show(paths.temporalLog());
  }

  @Override
  public Map<String, String> describeWorkerSettings() {
    return describeSettings(workerEnv);
  }

  /**
   * The FLEET_* settings a worker runs with that change what is measured: those the benchmark set
   * ({@code workerEnv}), and those inherited from the environment (values that look secret masked).
   */
  static Map<String, String> describeSettings(Map<String, String> workerEnv) {
    Map<String, String> settings = new TreeMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("FLEET_") && !k.equals("FLEET_REPO")) {
                settings.put(k, masked(k, v));
              }
            });
    workerEnv.forEach(
        (k, v) -> {
          if (k.startsWith("FLEET_")
              && !k.equals("FLEET_METRICS_PORT")
              && !k.equals("FLEET_LEDGER_URL")
              && !k.equals("FLEET_AGENTS_DIR")) {
            settings.put(k, masked(k, v));
          }
        });
    return settings;
  }

  private static String masked(String key, String value) {
    String upper = key.toUpperCase(Locale.ROOT);
    return upper.contains("KEY")
            || upper.contains("PASSWORD")
            || upper.contains("TOKEN")
            || upper.contains("SECRET")
        ? "***"
        : value;
  }

  /** Stops the worker, then the dev server; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (worker != null && worker.isAlive()) {
      Processes.stop(worker, WORKER_GRACE);
    }
    if (server != null && server.isAlive()) {
      Processes.stop(server, SERVER_GRACE);
    }
    temporal.close();
    if (stopOnExit != null) {
      stopOnExit.release();
    }
  }
}
