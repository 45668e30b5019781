package dev.agentfleet.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet worker in its own JVM, as {@code ./fleet up} starts it, so a test can kill it with
 * SIGKILL mid-run and start another.
 */
final class WorkerJvm implements AutoCloseable {

  private final Path home;
  private final String temporalAddress;
  private final Path log;
  private Process process;

  WorkerJvm(Path home, String temporalAddress) {
    this.home = home;
    this.temporalAddress = temporalAddress;
    this.log = home.resolve("worker-" + System.nanoTime() + ".log");
  }

  private int modelLatencyMillis;
  private final Map<String, String> extraEnv = new HashMap<>();

  /** Makes every model call take this long, as a remote model would. */
  WorkerJvm withModelLatency(int millis) {
    this.modelLatencyMillis = millis;
    return this;
  }

  /** Sets one more environment variable for the worker, over the defaults below. */
  WorkerJvm withEnv(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  WorkerJvm start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.agentfleet.worker.WorkerMain"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("FLEET_HOME", home.toString());
    env.put("FLEET_METRICS_PORT", String.valueOf(Ports.free()));
    env.put("FLEET_MODEL_PROVIDER", "offline");
    env.put("FLEET_MODEL_LATENCY_MS", String.valueOf(modelLatencyMillis));
    env.put("FLEET_CODEC_PORT", "0");
    // Deployed with the worker: the repository's agents and the ITs' own (it/src/test/resources).
    env.put(
        "FLEET_AGENTS_DIR",
        Repo.root().resolve("agents")
            + File.pathSeparator
            + Repo.root()
                .resolve("it")
                .resolve("src")
                .resolve("test")
                .resolve("resources")
                .resolve("agents"));
    env.putAll(extraEnv);
    process = builder.start();
    return this;
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut off. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
