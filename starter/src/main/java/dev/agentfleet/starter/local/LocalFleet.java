package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Brings the local fleet up and down: the Temporal dev server (when the configured address is on
 * this machine), one worker, the admin page, and with {@code --model chaos} the chaos model server
 * the worker talks to. Each part is started only when it is not already running, so {@code up} can
 * be repeated safely; a worker already running on another model than the one asked for is not
 * switched silently: {@code down} must come first.
 *
 * <p>Longer than ~300 lines on purpose: up and down walk the same parts in opposite orders and keep
 * their checks side by side; each part's process handling is its own class.
 */
public final class LocalFleet {

  /** Whether {@code up} ends with a "next" hint; not when {@code demo} calls it. */
  private boolean suggestNext = true;

  private final FleetPaths paths;
  private final TemporalConnection temporal;
  private final Map<String, String> env;
  private final PrintStream out;
  private final DevServer server;
  private final WorkerProcess worker;
  private final AdminProcess admin;
  private final ChaosProcess chaos;

  public LocalFleet(
      FleetPaths paths, TemporalConnection temporal, Map<String, String> env, PrintStream out) {
    this.paths = paths;
    this.temporal = temporal;
    this.env = env;
    this.out = out;
    this.server = new DevServer(paths, temporal);
    this.worker = new WorkerProcess(paths, temporal, env);
    this.admin = new AdminProcess(paths, env);
    this.chaos = new ChaosProcess(paths, env);
  }

  /**
   * Starts what is down, the admin page included, then says where everything is (without a "next"
   * hint: the caller, {@code demo}, goes on by itself).
   */
  public void up() {
    suggestNext = false;
    up(true);
  }

  /** Starts what is down, the admin page only when {@code withAdmin}, then says where it is. */
  public void up(boolean withAdmin) {
    up(withAdmin, Optional.empty());
  }

  /**
   * Starts what is down on the model asked for (empty: the model a running worker uses, else
   * offline), the admin page only when {@code withAdmin}, then says where everything is.
   *
   * @throws FleetException when a running worker or chaos server does not match what was asked for;
   *     nothing is started then
   */
  public void up(boolean withAdmin, Optional<LocalModel> asked) {
    start(withAdmin, asked).print(out, paths, suggestNext);
  }

  /**
   * Starts what is down as {@link #up(boolean, Optional)} does, printing only its progress, and
   * returns where everything is (for {@code up --json}).
   *
   * @throws FleetException when a running worker or chaos server does not match what was asked for;
   *     nothing is started then
   */
  public FleetWhereabouts.Whereabouts start(boolean withAdmin, Optional<LocalModel> asked) {
    LocalModel model = modelFor(asked);
    requireMetricsPortFree();
    List<String> started = new ArrayList<>();
    ensureServer(started);
    List<String> added = server.ensureSearchAttributes();
    if (!added.isEmpty()) {
      out.println("registered search attributes: " + String.join(", ", added));
    }
    ensureApprovalKeys();
    new PayloadKeyFiles(paths, env).ensure().forEach(out::println);
    if (model.chaos()) {
      ensureChaos(model, started);
    }
    ensureWorker(model, started);
    if (withAdmin) {
      ensureAdmin(started);
    }
    return FleetWhereabouts.gather(
        paths, temporal, env, model, server, worker, admin, chaos, started);
  }

  /**
   * A worker to be started needs its metrics port ({@code FLEET_METRICS_PORT}, default 9464; 0
   * turns metrics off): checked before anything starts, so a taken port is one clear error, not a
   * worker that dies while starting.
   */
  private void requireMetricsPortFree() {
    if (worker.running().isPresent()) {
      return;
    }
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault("FLEET_METRICS_PORT", "9464").strip());
    } catch (NumberFormatException e) {
      throw new FleetException(
          "FLEET_METRICS_PORT must be a port number (0 turns metrics off), got '"
              + env.get("FLEET_METRICS_PORT")
              + "'",
          2);
    }
    if (port > 0 && LocalPort.listening("127.0.0.1", port)) {
      throw new FleetException(
          "the worker cannot start: its metrics port "
              + port
              + " is taken by another program — set FLEET_METRICS_PORT to a free port (0 turns"
              + " metrics off) and run ./fleet up again");
    }
  }

  /**
   * The model to run on, checked against what already runs before anything starts: a worker on
   * another model, or a chaos server with another spec than the one given, must be stopped first.
   */
  private LocalModel modelFor(Optional<LocalModel> asked) {
    Optional<ProcessHandle> runningWorker = worker.running();
    String runningModel = runningWorker.map(p -> worker.model()).orElse(null);
    if (asked.isPresent() && runningWorker.isPresent()) {
      asked
          .get()
          .conflictWith(runningModel, runningWorker.get().pid())
          .ifPresent(
              conflict -> {
                throw new FleetException(conflict);
              });
    }
    LocalModel model =
        asked.orElseGet(
            () ->
                new LocalModel(
                    LocalModel.CHAOS.equals(runningModel) ? LocalModel.CHAOS : LocalModel.OFFLINE,
                    null));
    Optional<ProcessHandle> runningChaos = chaos.running();
    if (model.chaos() && model.chaosSpec() != null && runningChaos.isPresent()) {
      String runs = chaos.runningSpec().orElse("an unknown spec");
      if (!runs.equals(model.chaosSpec())) {
        throw new FleetException(
            "the chaos model server already runs (pid "
                + runningChaos.get().pid()
                + ") with "
                + runs
                + "; ./fleet down must come first to run it with "
                + model.chaosSpec());
      }
    }
    return model;
  }

  private void ensureChaos(LocalModel model, List<String> started) {
    Optional<ProcessHandle> running = chaos.running();
    if (running.isPresent()) {
      out.println(
          "chaos model server already running (pid "
              + running.get().pid()
              + ", "
              + chaos.runningSpec().orElse("spec unknown")
              + ")");
      return;
    }
    if (chaos.portTaken()) {
      throw new FleetException(
          "the chaos model server cannot start: port "
              + chaos.port()
              + " is taken by another program — set FLEET_CHAOS_PORT and run ./fleet up --model"
              + " chaos again");
    }
    String spec;
    try {
      spec = model.specToStart(env);
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage(), 2);
    }
    long since = System.nanoTime();
    ProcessHandle process = chaos.start(spec);
    started.add(FleetPart.CHAOS_MODEL_SERVER.label());
    out.println("chaos model server is up (pid " + process.pid() + ", " + seconds(since) + ")");
  }

  private void ensureAdmin(List<String> started) {
    Optional<ProcessHandle> running = admin.running();
    if (running.isPresent()) {
      out.println("admin page already running (pid " + running.get().pid() + ")");
      return;
    }
    if (admin.portTaken()) {
      out.println(
          "admin page not started: port "
              + admin.port()
              + " is taken by another program — set FLEET_ADMIN_PORT and run ./fleet up again");
      return;
    }
    long since = System.nanoTime();
    ProcessHandle process = admin.start();
    started.add(FleetPart.ADMIN_PAGE.label());
    out.println("admin page is up (pid " + process.pid() + ", " + seconds(since) + ")");
  }

  /** Creates the approvers' signing key and the workers' public-keys list when missing. */
  private void ensureApprovalKeys() {
    ApprovalKeyFiles keys = new ApprovalKeyFiles(paths, env);
    keys.ensure()
        .ifPresent(
            keyId ->
                out.println(
                    "created the approval signing key "
                        + paths.show(keys.signingKey())
                        + " (key id "
                        + keyId
                        + ", mode 600); workers trust "
                        + paths.show(keys.publicKeys())));
  }

  private void ensureServer(List<String> started) {
    if (!temporal.isLocal()) {
      temporal.requireReachable();
      out.println("Temporal at " + temporal.address() + " answers (remote; not managed here)");
      return;
    }
    if (server.listening()) {
      temporal.requireReachable();
      String owner =
          server.running().map(p -> "started by ./fleet up, pid " + p.pid()).orElse("external");
      out.println("Temporal already running at " + temporal.address() + " (" + owner + ")");
      return;
    }
    Path cli = new TemporalCli(paths, env, out).locateOrInstall();
    out.println("starting Temporal dev server at " + temporal.address() + " …");
    long since = System.nanoTime();
    ProcessHandle process = server.start(cli);
    started.add(FleetPart.TEMPORAL_DEV_SERVER.label());
    out.println("Temporal is up (pid " + process.pid() + ", " + seconds(since) + ")");
  }

  private void ensureWorker(LocalModel model, List<String> started) {
    Optional<ProcessHandle> running = worker.running();
    if (running.isPresent()) {
      out.println(
          "worker already running (pid " + running.get().pid() + ", model " + worker.model() + ")");
      return;
    }
    String name = model.workerModel(env);
    out.println("starting worker on the " + name + " model …");
    long since = System.nanoTime();
    WorkerProcess starting =
        model.chaos() ? new WorkerProcess(paths, temporal, chaos.workerEnv(env)) : worker;
    ProcessHandle process = starting.start();
    worker.recordModel(name);
    started.add(FleetPart.WORKER.label());
    out.println("worker is polling (pid " + process.pid() + ", " + seconds(since) + ")");
  }

  /**
   * Stops the admin page, the worker, the chaos model server, then the dev server, says what it
   * stopped as it goes, and returns what it did part by part.
   */
  public DownReport down() {
    List<DownReport.Stopped> stopped = new ArrayList<>();
    List<String> notRunning = new ArrayList<>();
    List<String> leftRunning = new ArrayList<>();
    Optional<ProcessHandle> runningAdmin = admin.running();
    if (runningAdmin.isPresent()) {
      stopped.add(stopped(FleetPart.ADMIN_PAGE, runningAdmin.get(), admin::stop, 10, ""));
    } else {
      PidFile.delete(admin.pidFile());
      notRunning.add(FleetPart.ADMIN_PAGE.label());
    }
    Optional<ProcessHandle> runningWorker = worker.running();
    if (runningWorker.isPresent()) {
      stopped.add(stopped(FleetPart.WORKER, runningWorker.get(), worker::stop, 30, ""));
    } else {
      PidFile.delete(paths.workerPid());
      PidFile.delete(worker.modelFile());
      notRunning.add(FleetPart.WORKER.label());
      out.println("worker was not running");
    }
    Optional<ProcessHandle> runningChaos = chaos.running();
    if (runningChaos.isPresent()) {
      stopped.add(stopped(FleetPart.CHAOS_MODEL_SERVER, runningChaos.get(), chaos::stop, 10, ""));
    } else {
      PidFile.delete(chaos.pidFile());
      notRunning.add(FleetPart.CHAOS_MODEL_SERVER.label());
    }
    Optional<ProcessHandle> runningServer = server.running();
    if (runningServer.isPresent()) {
      stopped.add(
          stopped(
              FleetPart.TEMPORAL_DEV_SERVER,
              runningServer.get(),
              this::stopServer,
              15,
              "; its data stays in " + paths.show(paths.temporalDb())));
    } else {
      PidFile.delete(paths.temporalPid());
      if (temporal.isLocal() && server.listening()) {
        leftRunning.add(FleetPart.EXTERNAL_TEMPORAL.label());
        out.println(
            "Temporal at " + temporal.address() + " was not started by ./fleet up; left running");
      } else {
        notRunning.add(FleetPart.TEMPORAL_DEV_SERVER.label());
        out.println("Temporal dev server was not running");
      }
    }
    return new DownReport(stopped, notRunning, leftRunning);
  }

  private boolean stopServer(ProcessHandle process) {
    boolean graceful = DetachedProcess.stop(process, Duration.ofSeconds(15));
    PidFile.delete(paths.temporalPid());
    return graceful;
  }

  /**
   * Stops one part with {@code stop} (true when it stopped by itself within {@code graceSeconds})
   * and says so: {@code stopped worker (pid 42)}, then {@code suffix}.
   */
  private DownReport.Stopped stopped(
      FleetPart part,
      ProcessHandle process,
      Predicate<ProcessHandle> stop,
      int graceSeconds,
      String suffix) {
    long pid = process.pid();
    boolean graceful = stop.test(process);
    out.println(
        "stopped "
            + part.label()
            + " (pid "
            + pid
            + (graceful ? ")" : ", killed after " + graceSeconds + " s)")
            + suffix);
    return new DownReport.Stopped(part.label(), pid, graceful);
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
