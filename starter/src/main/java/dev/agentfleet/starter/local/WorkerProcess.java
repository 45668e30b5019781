package dev.agentfleet.starter.local;

import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.DeploymentEncryption;
import dev.agentfleet.starter.connection.PayloadKeyFile;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.TaskQueues;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local worker process: the built {@code worker} jar run with the same Java as the CLI, in the
 * background, until it polls the agents' task queue.
 */
public final class WorkerProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String MAIN_CLASS = "dev.agentfleet.worker.WorkerMain";

  /** The model of a worker whose model was not recorded (started by hand, or before recording). */
  public static final String UNKNOWN_MODEL = "unknown";

  private final FleetPaths paths;
  private final TemporalConnection temporal;
  private final Map<String, String> env;

  public WorkerProcess(FleetPaths paths, TemporalConnection temporal, Map<String, String> env) {
    this.paths = paths;
    this.temporal = temporal;
    this.env = env;
  }

  /** Where the running worker's model is recorded: {@code chaos}, {@code offline}, .... */
  public Path modelFile() {
    return paths.home().resolve("worker.model");
  }

  /** The model the running worker was started on; {@code unknown} when it was not recorded. */
  public String model() {
    try {
      String model = Files.readString(modelFile(), StandardCharsets.UTF_8).strip();
      return model.isEmpty() ? UNKNOWN_MODEL : model;
    } catch (IOException e) {
      return UNKNOWN_MODEL;
    }
  }

  /** Records the model a worker was started on, for the next {@code up} to compare with. */
  public void recordModel(String model) {
    try {
      Files.writeString(modelFile(), model + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FleetException("cannot write " + paths.show(modelFile()) + ": " + e.getMessage());
    }
  }

  /** The worker this fleet home started, if it still runs. */
  public Optional<ProcessHandle> running() {
    return PidFile.alive(paths.workerPid(), "java");
  }

  /** Starts the worker in the background and waits until it polls for work. */
  public ProcessHandle start() {
    return start(paths.workerPid(), paths.workerLog());
  }

  /**
   * Starts a worker in the background with its pid in {@code pidFile} and its output in {@code
   * log}, and waits until it polls for work (one of several workers: {@code ./fleet cluster up}).
   */
  public ProcessHandle start(Path pidFile, Path log) {
    Path target = paths.repo().resolve("worker").resolve("target");
    Path jar = workerJar(target);
    String classpath = jar + java.io.File.pathSeparator + target.resolve("lib").resolve("*");
    Map<String, String> childEnv = new HashMap<>(env);
    childEnv.put("FLEET_HOME", paths.home().toString());
    childEnv.put("FLEET_PID_FILE", paths.workerPid().toString());
    childEnv.put("FLEET_REPO", paths.repo().toString());
    // The definitions deployed with this worker: the fleet's agents folder, unless set on purpose.
    childEnv.putIfAbsent("FLEET_AGENTS_DIR", paths.agents().toString());
    // The worker reads the blobs the CLI writes: same folder, whatever the worker's directory.
    childEnv.put(
        "FLEET_BLOB_DIR",
        BlobSettings.fromEnv(env, paths.home(), paths.repo()).folder().toString());
    // A fleet whose workers once encrypted keeps encrypting (see DeploymentEncryption).
    PayloadKeyFile.configured(env)
        .or(() -> DeploymentEncryption.requiredKeyFile(env))
        .ifPresent(keys -> childEnv.put("FLEET_PAYLOAD_KEYS", keys.path().toString()));
    Instant startedAt = Instant.now();
    Process process =
        DetachedProcess.start(java("-cp", classpath, MAIN_CLASS), paths.repo(), childEnv, log);
    PidFile.write(pidFile, process.pid());
    awaitPolling(process.toHandle(), startedAt, pidFile, log);
    return process.toHandle();
  }

  private void awaitPolling(ProcessHandle process, Instant startedAt, Path pidFile, Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        PidFile.delete(pidFile);
        throw new FleetException(
            "the worker stopped while starting ("
                + DetachedProcess.lastLine(log)
                + ") — see "
                + paths.show(log));
      }
      if (polls(process.pid(), startedAt.minusSeconds(2))) {
        return;
      }
      DevServer.sleep(500);
    }
    throw new FleetException(
        "the worker did not poll task queue "
            + TaskQueues.AGENTS
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s — see "
            + paths.show(log));
  }

  /**
   * Whether the worker with this pid polls now: a poller with its identity (the SDK's default,
   * {@code pid@host}) seen since {@code since}, so another worker already polling does not count.
   */
  private boolean polls(long pid, Instant since) {
    try {
      List<PollerInfo> pollers =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(TaskQueues.AGENTS).build())
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersList();
      return pollers.stream()
          .anyMatch(
              p ->
                  p.getIdentity().startsWith(pid + "@")
                      && Instant.ofEpochSecond(
                              p.getLastAccessTime().getSeconds(), p.getLastAccessTime().getNanos())
                          .isAfter(since));
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private static Path workerJar(Path target) {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "worker-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.endsWith("-sources.jar")
            && !name.endsWith("-tests.jar")
            && !name.endsWith("-javadoc.jar")) {
          return jar;
        }
      }
    } catch (IOException e) {
      // Reported below as not built.
    }
    throw new FleetException(
        "the worker is not built ("
            + target
            + "/worker-*.jar is missing) — run ./fleet up, which builds it, or ./mvnw -q package"
            + " -DskipTests -pl worker -am");
  }

  /** The Java that runs this CLI, so the worker runs on the same JDK. */
  /**
   * The java command and the flags every JVM the CLI starts shares with the CLI itself: native
   * access for the libraries that load native code (SQLite, ONNX, Netty) and, on JDK 24+, the
   * {@code sun.misc.Unsafe} memory access the gRPC and protobuf libraries still use, so a worker or
   * admin log starts with the fleet's own lines, not the JDK's warnings about them.
   */
  static List<String> java(String... flags) {
    List<String> command = new java.util.ArrayList<>();
    command.add(javaExecutable());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of(flags));
    return command;
  }

  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Stops a worker, gracefully first: it finishes its current tasks on SIGTERM. */
  public boolean stop(ProcessHandle worker) {
    boolean graceful = DetachedProcess.stop(worker, Duration.ofSeconds(30));
    PidFile.delete(paths.workerPid());
    PidFile.delete(modelFile());
    return graceful;
  }
}
