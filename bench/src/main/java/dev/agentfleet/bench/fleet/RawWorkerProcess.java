package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.raw.RawWorkerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The raw chain's worker ({@link RawWorkerMain}) as a JVM of its own beside a benchmark's fleet,
 * started the way the fleet's worker is (the same Java, the same JVM flags, its own log under the
 * benchmark's home) and polling the same dev server; closing it stops it (SIGTERM, then SIGKILL).
 */
public final class RawWorkerProcess implements AutoCloseable {

  private static final Duration POLLER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofSeconds(15);

  private final ProcessHandle process;

  private RawWorkerProcess(ProcessHandle process) {
    this.process = process;
  }

  /**
   * Starts the raw worker on {@code fleet}'s dev server with {@code settings} (the benchmark's
   * worker settings, so a {@code --worker-env} tuning reaches both workers) and waits until it
   * polls its task queue.
   */
  public static RawWorkerProcess start(
      BenchFleet fleet, String benchmark, Map<String, String> settings, PrintStream out) {
    Path log = fleet.paths().logs().resolve("raw-worker.log");
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command(System.getProperty("java.class.path")));
    builder.environment().putAll(settings);
    builder.environment().put("TEMPORAL_ADDRESS", fleet.temporal().address());
    builder.environment().put("TEMPORAL_NAMESPACE", fleet.temporal().namespace());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process;
    try {
      Files.createDirectories(log.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new BenchFailure(benchmark + ": cannot start the raw worker: " + e.getMessage(), e);
    }
    RawWorkerProcess raw = new RawWorkerProcess(process.toHandle());
    try {
      WorkerPolling.await(
          fleet.temporal(),
          RawWorkerMain.TASK_QUEUE,
          process.toHandle(),
          POLLER_TIMEOUT,
          benchmark,
          fleet.paths().show(log));
    } catch (RuntimeException e) {
      raw.close();
      throw e;
    }
    out.printf(
        Locale.ROOT,
        "  %s: raw worker polling %s (pid %d, %.1f s, log %s)%n",
        benchmark,
        RawWorkerMain.TASK_QUEUE,
        process.pid(),
        (System.nanoTime() - started) / 1e9,
        fleet.paths().show(log));
    return raw;
  }

  /** The java command: this JVM's Java with the flags the fleet's worker JVM gets. */
  static List<String> command(String classpath) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(classpath.isBlank() ? "." : classpath);
    command.add(RawWorkerMain.class.getName());
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      Processes.stop(process, GRACE);
    }
  }
}
