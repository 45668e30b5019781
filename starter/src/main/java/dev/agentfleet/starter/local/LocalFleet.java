package dev.agentfleet.starter.local;

import dev.agentfleet.starter.connection.TemporalConnection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the local fleet up and down: the Temporal dev server (when the configured address is on
 * this machine) and one worker. Each part is started only when it is not already running, so {@code
 * up} can be repeated safely.
 */
public final class LocalFleet {

  private final FleetPaths paths;
  private final TemporalConnection temporal;
  private final Map<String, String> env;
  private final PrintStream out;
  private final DevServer server;
  private final WorkerProcess worker;
  private final AdminProcess admin;

  public LocalFleet(
      FleetPaths paths, TemporalConnection temporal, Map<String, String> env, PrintStream out) {
    this.paths = paths;
    this.temporal = temporal;
    this.env = env;
    this.out = out;
    this.server = new DevServer(paths, temporal);
    this.worker = new WorkerProcess(paths, temporal, env);
    this.admin = new AdminProcess(paths, env);
  }

  /** Starts what is down, the admin page included, then says where everything is. */
  public void up() {
    up(true);
  }

  /** Starts what is down, the admin page only when {@code withAdmin}, then says where it is. */
  public void up(boolean withAdmin) {
    ensureServer();
    List<String> added = server.ensureSearchAttributes();
    if (!added.isEmpty()) {
      out.println("registered search attributes: " + String.join(", ", added));
    }
    ensureApprovalKeys();
    new PayloadKeyFiles(paths, env).ensure().forEach(out::println);
    ensureWorker();
    if (withAdmin) {
      ensureAdmin();
    }
    printWhereThingsAre();
  }

  private void ensureAdmin() {
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
    long started = System.nanoTime();
    ProcessHandle process = admin.start();
    out.println("admin page is up (pid " + process.pid() + ", " + seconds(started) + ")");
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

  private void ensureServer() {
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
    long started = System.nanoTime();
    ProcessHandle process = server.start(cli);
    out.println("Temporal is up (pid " + process.pid() + ", " + seconds(started) + ")");
  }

  private void ensureWorker() {
    Optional<ProcessHandle> running = worker.running();
    if (running.isPresent()) {
      out.println("worker already running (pid " + running.get().pid() + ")");
      return;
    }
    out.println("starting worker …");
    long started = System.nanoTime();
    ProcessHandle process = worker.start();
    out.println("worker is polling (pid " + process.pid() + ", " + seconds(started) + ")");
  }

  private void printWhereThingsAre() {
    out.println();
    out.println(
        "  Temporal   " + temporal.address() + "  (namespace " + temporal.namespace() + ")");
    if (temporal.isLocal()) {
      out.println("  Web UI     http://localhost:" + DevServer.uiPort(temporal));
    }
    out.println(
        "  Metrics    http://localhost:"
            + env.getOrDefault("FLEET_METRICS_PORT", "9464")
            + "/metrics");
    temporal
        .payloadKeyFile()
        .ifPresent(
            keys ->
                out.println(
                    "  Encrypted  payloads, key file "
                        + paths.show(keys.path())
                        + "; codec endpoint http://localhost:"
                        + env.getOrDefault("FLEET_CODEC_PORT", "8089")
                        + " (Bearer token: "
                        + paths.show(paths.home().resolve(PayloadKeyFiles.TOKEN_FILE))
                        + ")"));
    if (admin.running().isPresent()) {
      out.println(
          "  Admin      "
              + admin.url()
              + "  (approvers of "
              + paths.show(paths.approvers())
              + " sign in; log "
              + paths.show(admin.log())
              + ")");
    }
    out.println(
        "  Logs       " + paths.show(paths.temporalLog()) + ", " + paths.show(paths.workerLog()));
    out.println("  Next       ./fleet demo   or   ./fleet run support-triage --input FILE");
  }

  /** Stops the admin page, the worker, then the dev server, and says what it stopped. */
  public void down() {
    Optional<ProcessHandle> runningAdmin = admin.running();
    if (runningAdmin.isPresent()) {
      long pid = runningAdmin.get().pid();
      boolean graceful = admin.stop(runningAdmin.get());
      out.println("stopped admin page (pid " + pid + (graceful ? ")" : ", killed after 10 s)"));
    } else {
      PidFile.delete(admin.pidFile());
    }
    Optional<ProcessHandle> runningWorker = worker.running();
    if (runningWorker.isPresent()) {
      long pid = runningWorker.get().pid();
      boolean graceful = worker.stop(runningWorker.get());
      out.println("stopped worker (pid " + pid + (graceful ? ")" : ", killed after 30 s)"));
    } else {
      PidFile.delete(paths.workerPid());
      out.println("worker was not running");
    }
    Optional<ProcessHandle> runningServer = server.running();
    if (runningServer.isPresent()) {
      long pid = runningServer.get().pid();
      boolean graceful = DetachedProcess.stop(runningServer.get(), Duration.ofSeconds(15));
      PidFile.delete(paths.temporalPid());
      out.println(
          "stopped Temporal dev server (pid "
              + pid
              + (graceful ? ")" : ", killed after 15 s)")
              + "; its data stays in "
              + paths.show(paths.temporalDb()));
    } else {
      PidFile.delete(paths.temporalPid());
      if (temporal.isLocal() && server.listening()) {
        out.println(
            "Temporal at " + temporal.address() + " was not started by ./fleet up; left running");
      } else {
        out.println("Temporal dev server was not running");
      }
    }
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
