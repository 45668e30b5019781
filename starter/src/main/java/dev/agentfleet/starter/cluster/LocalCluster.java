package dev.agentfleet.starter.cluster;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.AdminProcess;
import dev.agentfleet.starter.local.ApprovalKeyFiles;
import dev.agentfleet.starter.local.DevServer;
import dev.agentfleet.starter.local.DownReport;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.starter.local.PayloadKeyFiles;
import dev.agentfleet.starter.local.WorkerProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The production topology on one machine, without Docker: a PostgreSQL of its own, the Temporal
 * server's four services as separate processes (or one), the fleet's namespace and search
 * attributes, the ledger's database and login, N workers and the admin page, all under {@code
 * .fleet/cluster/} (state in {@code cluster.json}, logs in {@code logs/}).
 *
 * <p>{@code up} starts what does not run, on the ports it had (so a part killed and started again
 * is found where the others look), and may be repeated; {@code down} stops what runs, in reverse
 * order, whatever was killed before. The data stays in {@code .fleet/cluster/postgres} until that
 * folder is deleted.
 *
 * <p>Longer than ~300 lines on purpose: up, status and down walk the same parts (PostgreSQL, the
 * services, the namespace, workers, admin page) in their orders and keep each part's checks side by
 * side; the server's tools, PostgreSQL, the services' processes, the ports and the state file are
 * classes of their own.
 */
public final class LocalCluster {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVER_PROGRAM = "temporal-server";

  private final FleetPaths paths;
  private final Map<String, String> env;
  private final PrintStream out;
  private final Path dir;
  private final Path logs;
  private final TemporalServices services;
  private final ClusterPostgres postgres;

  public LocalCluster(FleetPaths paths, Map<String, String> env, PrintStream out) {
    this.paths = paths;
    this.env = env;
    this.out = out;
    this.dir = paths.home().resolve("cluster");
    this.logs = dir.resolve("logs");
    this.services = new TemporalServices(paths, logs);
    this.postgres = new ClusterPostgres(paths, env, dir.resolve("postgres"));
  }

  private Path stateFile() {
    return dir.resolve("cluster.json");
  }

  /**
   * What {@code up} is asked for.
   *
   * @param workers how many fleet workers to run; {@link #KEEP_WORKERS}: as many as the cluster has
   *     (1 for a new one)
   * @param single one server process for all services instead of one per service
   * @param port the frontend's port; 0 picks a free one (kept once chosen)
   * @param adminPort the admin page's port; 0 picks a free one, -1 runs no admin page
   */
  public record Request(int workers, boolean single, int port, int adminPort) {

    /** As many workers as the cluster has, so a plain {@code up} restarts them all. */
    public static final int KEEP_WORKERS = -1;
  }

  /** Starts whatever of the cluster does not run, then says where everything is. */
  public ClusterStatus up(Request request) {
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new FleetException("cannot create " + paths.show(logs) + ": " + e.getMessage());
    }
    boolean existed = Files.isRegularFile(stateFile());
    ClusterState state = stateFor(request);
    int workers =
        request.workers() != Request.KEEP_WORKERS
            ? request.workers()
            : existed ? state.workers.size() : 1;
    // Saved before anything starts: the ports and passwords are what the data will be made with.
    state.save(stateFile());
    ServerTools tools = ServerTools.ensure(paths, env, out);
    postgres.ensureRunning(state, out);
    postgres.ensureDatabases(state, tools, logs);
    for (ClusterState.Part part : state.servers) {
      Optional<ProcessHandle> running = ClusterState.alive(part, SERVER_PROGRAM);
      if (running.isPresent()) {
        out.println("Temporal " + part.name + " already running (pid " + part.pid + ")");
        continue;
      }
      long since = System.nanoTime();
      services.start(tools, state, part);
      state.save(stateFile());
      out.println(
          "Temporal "
              + part.name
              + " is up (pid "
              + part.pid
              + ", port "
              + part.port
              + ", "
              + seconds(since)
              + ")");
    }
    Map<String, String> fleetEnv = fleetEnv(state);
    try (TemporalConnection temporal = TemporalConnection.fromEnvironment(fleetEnv)) {
      awaitReady(temporal, state);
      ensureNamespace(temporal);
      List<String> added =
          retry(
              "register the fleet's search attributes",
              () -> new DevServer(paths, temporal).ensureSearchAttributes());
      if (!added.isEmpty()) {
        out.println("registered search attributes: " + String.join(", ", added));
      }
      new ApprovalKeyFiles(paths, fleetEnv).ensure();
      new PayloadKeyFiles(paths, fleetEnv).ensure().forEach(out::println);
      ensureWorkers(state, temporal, fleetEnv, workers);
    }
    ensureAdmin(state, fleetEnv);
    state.save(stateFile());
    return status();
  }

  /** The recorded state, checked against the request, or a new one with fresh ports. */
  private ClusterState stateFor(Request request) {
    String topology = request.single() ? "single" : "split";
    Optional<ClusterState> recorded = ClusterState.load(stateFile());
    ClusterPorts free = new ClusterPorts();
    if (recorded.isPresent()) {
      ClusterState state = recorded.get();
      state
          .ports
          .values()
          .forEach(
              p -> {
                free.reserve(p.grpc);
                free.reserve(p.membership);
                free.reserve(p.http);
              });
      free.reserve(state.postgresPort);
      state.servers.forEach(p -> free.reserve(p.metricsPort));
      state.workers.forEach(p -> free.reserve(p.metricsPort));
      if (request.port() > 0 && request.port() != state.frontendPort()) {
        throw new FleetException(
            "the cluster in "
                + paths.show(dir)
                + " has its frontend on port "
                + state.frontendPort()
                + ", not "
                + request.port()
                + ": ./fleet cluster down, then delete "
                + paths.show(dir)
                + " to make one on another port",
            2);
      }
      if (!topology.equals(state.topology)) {
        boolean anyRuns =
            state.servers.stream().anyMatch(p -> ClusterState.alive(p, SERVER_PROGRAM).isPresent());
        if (anyRuns) {
          throw new FleetException(
              "the cluster runs with --services "
                  + state.topology
                  + ": ./fleet cluster down first to run it with --services "
                  + topology,
              2);
        }
        state.topology = topology;
        state.servers = serverParts(state, free);
      }
      adminPart(state, request.adminPort(), free);
      return state;
    }
    ClusterState state = new ClusterState();
    state.topology = topology;
    state.namespace = env.getOrDefault("TEMPORAL_NAMESPACE", "default").strip();
    if (state.namespace.isEmpty()) {
      state.namespace = "default";
    }
    if (request.port() > 0) {
      free.reserve(request.port());
    }
    for (String service : ClusterState.SERVICES) {
      ClusterState.Ports ports = new ClusterState.Ports();
      ports.grpc = service.equals("frontend") && request.port() > 0 ? request.port() : free.free();
      ports.membership = free.free();
      ports.http = service.equals("frontend") ? free.free() : 0;
      state.ports.put(service, ports);
    }
    state.postgresPort = free.free();
    state.postgresPassword = secret();
    state.ledgerPassword = secret();
    state.servers = serverParts(state, free);
    adminPart(state, request.adminPort(), free);
    return state;
  }

  private static List<ClusterState.Part> serverParts(ClusterState state, ClusterPorts free) {
    List<ClusterState.Part> parts = new ArrayList<>();
    if (state.topology.equals("single")) {
      parts.add(new ClusterState.Part(ClusterState.SINGLE, state.frontendPort(), free.free()));
    } else {
      for (String service : ClusterState.SERVICES) {
        parts.add(new ClusterState.Part(service, state.ports.get(service).grpc, free.free()));
      }
    }
    return parts;
  }

  private static void adminPart(ClusterState state, int adminPort, ClusterPorts free) {
    if (adminPort < 0) {
      state.admin = null;
      return;
    }
    if (state.admin != null && (adminPort == 0 || adminPort == state.admin.port)) {
      return;
    }
    if (state.admin != null && ClusterState.alive(state.admin, "java").isPresent()) {
      throw new FleetException(
          "the cluster's admin page runs on port "
              + state.admin.port
              + ": ./fleet cluster down first to move it to "
              + adminPort,
          2);
    }
    state.admin = new ClusterState.Part("admin", adminPort > 0 ? adminPort : free.free(), 0);
  }

  /** What the workers, the admin page and a CLI need to use the cluster. */
  private Map<String, String> fleetEnv(ClusterState state) {
    Map<String, String> fleet = new HashMap<>(env);
    fleet.put("TEMPORAL_ADDRESS", state.temporalAddress());
    fleet.put("TEMPORAL_NAMESPACE", state.namespace);
    fleet.put("FLEET_LEDGER_URL", state.ledgerUrl());
    fleet.remove("FLEET_LEDGER_USER");
    fleet.remove("FLEET_LEDGER_PASSWORD");
    fleet.put("FLEET_HOME", paths.home().toString());
    fleet.put("FLEET_REPO", paths.repo().toString());
    return fleet;
  }

  /** Waits until the frontend answers and the history service takes requests. */
  private void awaitReady(TemporalConnection temporal, ClusterState state) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        temporal.stubs().getRawChannel().resetConnectBackoff();
        temporal
            .stubs()
            .blockingStub()
            .withDeadlineAfter(3, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        return;
      } catch (StatusRuntimeException e) {
        last = temporal.explain(e);
      }
      DevServer.sleep(300);
    }
    throw new FleetException(
        "the Temporal frontend at "
            + state.temporalAddress()
            + " did not answer within "
            + READY_TIMEOUT.toSeconds()
            + " s ("
            + last
            + ") — see "
            + paths.show(logs));
  }

  private void ensureNamespace(TemporalConnection temporal) {
    String namespace = temporal.namespace();
    boolean registered =
        retry(
            "register the namespace " + namespace,
            () -> {
              try {
                temporal
                    .stubs()
                    .blockingStub()
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .describeNamespace(
                        DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
                return false;
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                  throw e;
                }
              }
              try {
                temporal
                    .stubs()
                    .blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .registerNamespace(
                        RegisterNamespaceRequest.newBuilder()
                            .setNamespace(namespace)
                            .setWorkflowExecutionRetentionPeriod(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(Duration.ofDays(3).toSeconds()))
                            .build());
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                  throw e;
                }
              }
              return true;
            });
    if (registered) {
      out.println("registered the namespace " + namespace + " (retention 3 days)");
    }
    // A new namespace reaches the frontend's cache within seconds; until then calls say NOT_FOUND.
    retry(
        "see the namespace " + namespace,
        () ->
            temporal
                .stubs()
                .blockingStub()
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeNamespace(
                    DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build()));
  }

  /**
   * Calls {@code call} until it succeeds or {@link #READY_TIMEOUT} passes: a cluster that just
   * started refuses some calls for a few seconds (membership forming, caches refreshing).
   */
  private static <T> T retry(String what, Supplier<T> call) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    RuntimeException last;
    do {
      try {
        return call.get();
      } catch (StatusRuntimeException | FleetException e) {
        last = e;
      }
      DevServer.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new FleetException(
        "cannot " + what + " within " + READY_TIMEOUT.toSeconds() + " s: " + last.getMessage());
  }

  private void ensureWorkers(
      ClusterState state, TemporalConnection temporal, Map<String, String> fleetEnv, int wanted) {
    ClusterPorts free = new ClusterPorts();
    state.workers.forEach(w -> free.reserve(w.metricsPort));
    state.servers.forEach(s -> free.reserve(s.metricsPort));
    while (state.workers.size() > wanted) {
      ClusterState.Part extra = state.workers.remove(state.workers.size() - 1);
      ClusterState.alive(extra, "java")
          .ifPresent(
              p -> {
                ClusterState.stop(p, Duration.ofSeconds(30));
                out.println("stopped worker (pid " + extra.pid + "): --workers " + wanted);
              });
      state.save(stateFile());
    }
    for (int i = 0; i < wanted; i++) {
      if (i == state.workers.size()) {
        state.workers.add(new ClusterState.Part("worker-" + (i + 1), 0, free.free()));
      }
      ClusterState.Part worker = state.workers.get(i);
      if (ClusterState.alive(worker, "java").isPresent()) {
        out.println("worker " + (i + 1) + " already running (pid " + worker.pid + ")");
        continue;
      }
      if (!ClusterPorts.bindable(worker.metricsPort)) {
        worker.metricsPort = free.free();
      }
      Map<String, String> workerEnv = new HashMap<>(fleetEnv);
      workerEnv.put("FLEET_METRICS_PORT", Integer.toString(worker.metricsPort));
      // Each worker would serve the payload codec on the same port; the admin page does not need
      // it.
      workerEnv.put("FLEET_CODEC_PORT", "0");
      long since = System.nanoTime();
      ProcessHandle process =
          new WorkerProcess(paths, temporal, workerEnv)
              .start(dir.resolve(worker.name + ".pid"), logs.resolve(worker.name + ".log"));
      worker.pid = process.pid();
      state.save(stateFile());
      out.println(
          "worker "
              + (i + 1)
              + " is polling (pid "
              + worker.pid
              + ", metrics port "
              + worker.metricsPort
              + ", "
              + seconds(since)
              + ")");
    }
  }

  private AdminProcess adminProcess(ClusterState state, Map<String, String> fleetEnv) {
    Map<String, String> adminEnv = new HashMap<>(fleetEnv);
    adminEnv.put("FLEET_ADMIN_PORT", Integer.toString(state.admin.port));
    return new AdminProcess(paths, adminEnv, dir.resolve("admin.pid"), logs.resolve("admin.log"));
  }

  private void ensureAdmin(ClusterState state, Map<String, String> fleetEnv) {
    if (state.admin == null) {
      return;
    }
    if (ClusterState.alive(state.admin, "java").isPresent()) {
      out.println("admin page already running (pid " + state.admin.pid + ")");
      return;
    }
    AdminProcess admin = adminProcess(state, fleetEnv);
    if (admin.portTaken()) {
      throw new FleetException(
          "the admin page cannot start: port "
              + state.admin.port
              + " is taken by another program — run ./fleet cluster up --admin-port PORT");
    }
    long since = System.nanoTime();
    state.admin.pid = admin.start().pid();
    out.println(
        "admin page is up (pid "
            + state.admin.pid
            + ", "
            + admin.url()
            + ", "
            + seconds(since)
            + ")");
  }

  /**
   * Starts the cluster's workers that do not run (one was killed, say), as {@code up} does, without
   * looking at the rest of the cluster again; the workers that run keep running.
   */
  public ClusterStatus startWorkers() {
    ClusterState state = recorded();
    Map<String, String> fleetEnv = fleetEnv(state);
    try (TemporalConnection temporal = TemporalConnection.fromEnvironment(fleetEnv)) {
      ensureWorkers(state, temporal, fleetEnv, state.workers.size());
    }
    state.save(stateFile());
    return status();
  }

  private ClusterState recorded() {
    return ClusterState.load(stateFile())
        .orElseThrow(
            () ->
                new FleetException(
                    "no cluster in " + paths.show(dir) + ": ./fleet cluster up starts one"));
  }

  /** Where the cluster's parts are and whether they run. */
  public ClusterStatus status() {
    ClusterState state = recorded();
    List<ClusterStatus.Service> serviceList = new ArrayList<>();
    for (ClusterState.Part part : state.servers) {
      Optional<ProcessHandle> running = ClusterState.alive(part, SERVER_PROGRAM);
      serviceList.add(
          new ClusterStatus.Service(
              part.name,
              running.map(ProcessHandle::pid).orElse(null),
              part.port,
              part.metricsPort,
              running.isPresent()));
    }
    List<ClusterStatus.Worker> workerList = new ArrayList<>();
    for (ClusterState.Part part : state.workers) {
      Optional<ProcessHandle> running = ClusterState.alive(part, "java");
      workerList.add(
          new ClusterStatus.Worker(
              running.map(ProcessHandle::pid).orElse(null), part.metricsPort, running.isPresent()));
    }
    ClusterStatus.Admin admin = null;
    if (state.admin != null) {
      Optional<ProcessHandle> running = ClusterState.alive(state.admin, "java");
      admin =
          new ClusterStatus.Admin(
              "http://localhost:" + state.admin.port,
              running.map(ProcessHandle::pid).orElse(null),
              state.admin.port,
              running.isPresent());
    }
    Optional<ProcessHandle> pg = postgres.running();
    return new ClusterStatus(
        state.temporalAddress(),
        state.namespace,
        state.ledgerUrl(),
        state.topology,
        serviceList,
        workerList,
        admin,
        new ClusterStatus.Postgres(
            pg.map(ProcessHandle::pid).orElse(null), state.postgresPort, pg.isPresent()),
        logs.toAbsolutePath().normalize().toString());
  }

  /**
   * Stops the admin page, the workers, the Temporal services (worker, frontend, matching, history)
   * and PostgreSQL, whichever run; says what it stopped as it goes. The data and the state (ports,
   * passwords) stay for the next {@code up}.
   */
  public DownReport down() {
    List<DownReport.Stopped> stopped = new ArrayList<>();
    List<String> notRunning = new ArrayList<>();
    Optional<ClusterState> recorded = ClusterState.load(stateFile());
    if (recorded.isEmpty()) {
      out.println("no cluster in " + paths.show(dir) + ": nothing to stop");
      return new DownReport(stopped, notRunning, List.of());
    }
    ClusterState state = recorded.get();
    List<ClusterState.Part> order = new ArrayList<>();
    if (state.admin != null) {
      order.add(state.admin);
    }
    order.addAll(state.workers.reversed());
    order.addAll(state.servers.reversed());
    for (ClusterState.Part part : order) {
      String program = state.servers.contains(part) ? SERVER_PROGRAM : "java";
      String label = state.servers.contains(part) ? "Temporal " + part.name : label(part);
      Optional<ProcessHandle> running = ClusterState.alive(part, program);
      if (running.isEmpty()) {
        notRunning.add(label);
        continue;
      }
      // Workers finish their running activities (up to 30 s); a Temporal service that has not
      // stopped after 15 s is waiting for peers that are gone already.
      int grace = program.equals(SERVER_PROGRAM) ? 15 : 30;
      boolean graceful = ClusterState.stop(running.get(), Duration.ofSeconds(grace));
      stopped.add(new DownReport.Stopped(label, part.pid, graceful));
      out.println(
          "stopped "
              + label
              + " (pid "
              + part.pid
              + (graceful ? ")" : ", killed after " + grace + " s)"));
    }
    Optional<ProcessHandle> pg = postgres.running();
    if (pg.isPresent()) {
      postgres.stop();
      boolean graceful = ClusterState.awaitEnd(pg.get(), Duration.ofSeconds(10));
      stopped.add(new DownReport.Stopped("PostgreSQL", pg.get().pid(), graceful));
      out.println(
          "stopped PostgreSQL (pid "
              + pg.get().pid()
              + "); the data stays in "
              + paths.show(dir.resolve("postgres")));
    } else {
      notRunning.add("PostgreSQL");
    }
    return new DownReport(stopped, notRunning, List.of());
  }

  private static String label(ClusterState.Part part) {
    return part.name.equals("admin") ? "admin page" : part.name;
  }

  private static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
