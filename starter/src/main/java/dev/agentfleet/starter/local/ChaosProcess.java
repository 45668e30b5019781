package dev.agentfleet.starter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.chaos.ChaosModelServer;
import dev.agentfleet.starter.FleetException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The chaos model server as {@code ./fleet up --model chaos} runs it: {@link ChaosModelServer} from
 * the CLI's own classpath, in the background like the worker, on {@code FLEET_CHAOS_PORT} (default
 * {@value #DEFAULT_PORT}), until it answers; {@code ./fleet down} stops it. It also says how a
 * worker must be configured to use it.
 */
public final class ChaosProcess {

  /** The port unless {@code FLEET_CHAOS_PORT} says otherwise. */
  public static final int DEFAULT_PORT = 8090;

  /**
   * The model call timeout a worker on the chaos server gets unless {@code
   * FLEET_MODEL_TIMEOUT_SECONDS} is set: short, so a timeout fault is felt within seconds.
   */
  static final String WORKER_TIMEOUT_SECONDS = "10";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetPaths paths;
  private final Map<String, String> env;

  public ChaosProcess(FleetPaths paths, Map<String, String> env) {
    this.paths = paths;
    this.env = env;
  }

  public Path pidFile() {
    return paths.home().resolve("chaos.pid");
  }

  public Path log() {
    return paths.logs().resolve("chaos.log");
  }

  /** {@code FLEET_CHAOS_PORT}, default {@value #DEFAULT_PORT}. */
  public int port() {
    return LocalPort.fromEnv(env, "FLEET_CHAOS_PORT", DEFAULT_PORT);
  }

  /** The base URL a worker's OpenAI client uses. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The chaos server this fleet home started, if it still runs. */
  public Optional<ProcessHandle> running() {
    return PidFile.alive(pidFile(), "java");
  }

  /** True when something (not necessarily ours) accepts connections on the port. */
  public boolean portTaken() {
    return LocalPort.listening("127.0.0.1", port());
  }

  /**
   * The environment of a worker that talks to this server: the {@code openai} provider at its URL,
   * a key that is not a real one (so a real {@code OPENAI_API_KEY} is never sent to it), and a
   * short model timeout unless one is set.
   */
  public Map<String, String> workerEnv(Map<String, String> base) {
    Map<String, String> worker = new HashMap<>(base);
    worker.put("FLEET_MODEL_PROVIDER", "openai");
    worker.put("FLEET_OPENAI_BASE_URL", baseUrl());
    worker.put("FLEET_OPENAI_API_KEY", "chaos-not-a-key");
    String timeout = base.get("FLEET_MODEL_TIMEOUT_SECONDS");
    if (timeout == null || timeout.isBlank()) {
      worker.put("FLEET_MODEL_TIMEOUT_SECONDS", WORKER_TIMEOUT_SECONDS);
    }
    return worker;
  }

  /** Starts the server in the background with a spec and waits until it answers. */
  public ProcessHandle start(String spec) {
    Path target = paths.repo().resolve("starter").resolve("target");
    String classpath =
        AdminProcess.cliJar(target) + File.pathSeparator + target.resolve("lib").resolve("*");
    Map<String, String> childEnv = new HashMap<>();
    childEnv.put("FLEET_CHAOS", spec);
    childEnv.put("FLEET_CHAOS_PORT", Integer.toString(port()));
    Process process =
        DetachedProcess.start(
            WorkerProcess.java(
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", classpath, ChaosModelServer.class.getName()),
            paths.repo(),
            childEnv,
            log());
    PidFile.write(pidFile(), process.pid());
    awaitAnswering(process.toHandle());
    return process.toHandle();
  }

  /** The spec the server on the port runs with, as it says; empty when it does not answer. */
  public Optional<String> runningSpec() {
    try {
      HttpResponse<String> response =
          client()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/chaos"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode spec = JSON.readTree(response.body()).path("spec");
      return spec.isTextual() ? Optional.of(spec.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Stops it (SIGTERM, then a kill after 10 s) and forgets its pid. */
  public boolean stop(ProcessHandle chaos) {
    boolean graceful = DetachedProcess.stop(chaos, Duration.ofSeconds(10));
    PidFile.delete(pidFile());
    return graceful;
  }

  private void awaitAnswering(ProcessHandle process) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        PidFile.delete(pidFile());
        throw new FleetException(
            "the chaos model server stopped while starting ("
                + DetachedProcess.lastLine(log())
                + ") — see "
                + paths.show(log()));
      }
      if (runningSpec().isPresent()) {
        return;
      }
      DevServer.sleep(200);
    }
    throw new FleetException(
        "the chaos model server did not answer on port "
            + port()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s — see "
            + paths.show(log()));
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
  }
}
