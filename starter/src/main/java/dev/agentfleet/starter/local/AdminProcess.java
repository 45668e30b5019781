package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admin page as {@code ./fleet up} runs it: {@code fleet admin serve} from the built CLI jar,
 * in the background like the worker, until {@code /healthz} answers; {@code ./fleet down} stops it.
 */
public final class AdminProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String MAIN_CLASS = "dev.agentfleet.starter.FleetCli";

  private final FleetPaths paths;
  private final Map<String, String> env;
  private final Path pidFile;
  private final Path log;

  public AdminProcess(FleetPaths paths, Map<String, String> env) {
    this(paths, env, paths.home().resolve("admin.pid"), paths.logs().resolve("admin.log"));
  }

  /**
   * An admin page with its pid in {@code pidFile} and its output in {@code log} (the cluster's own,
   * beside the local fleet's).
   */
  public AdminProcess(FleetPaths paths, Map<String, String> env, Path pidFile, Path log) {
    this.paths = paths;
    this.env = env;
    this.pidFile = pidFile;
    this.log = log;
  }

  public Path pidFile() {
    return pidFile;
  }

  public Path log() {
    return log;
  }

  /** {@code FLEET_ADMIN_PORT}, default 7070. */
  public int port() {
    return LocalPort.fromEnv(env, "FLEET_ADMIN_PORT", 7070);
  }

  /** The address to reach it at from this machine. */
  public String url() {
    return "http://localhost:" + port();
  }

  /** The admin page this fleet home started, if it still runs. */
  public Optional<ProcessHandle> running() {
    return PidFile.alive(pidFile(), "java");
  }

  /** True when something (not necessarily ours) accepts connections on the port. */
  public boolean portTaken() {
    return LocalPort.listening(probeHost(), port());
  }

  /** Starts {@code fleet admin serve} in the background and waits until it answers. */
  public ProcessHandle start() {
    Path target = paths.repo().resolve("starter").resolve("target");
    String classpath = cliJar(target) + File.pathSeparator + target.resolve("lib").resolve("*");
    Map<String, String> childEnv = new HashMap<>(env);
    childEnv.put("FLEET_HOME", paths.home().toString());
    childEnv.put("FLEET_REPO", paths.repo().toString());
    Process process =
        DetachedProcess.start(
            WorkerProcess.java(
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                classpath,
                MAIN_CLASS,
                "admin",
                "serve",
                "--port",
                Integer.toString(port())),
            paths.repo(),
            childEnv,
            log());
    PidFile.write(pidFile(), process.pid());
    awaitHealthy(process.toHandle());
    return process.toHandle();
  }

  /** Stops it (SIGTERM, then a kill after 10 s) and forgets its pid. */
  public boolean stop(ProcessHandle admin) {
    boolean graceful = DetachedProcess.stop(admin, Duration.ofSeconds(10));
    PidFile.delete(pidFile());
    return graceful;
  }

  private void awaitHealthy(ProcessHandle process) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://" + probeHost() + ":" + port() + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        PidFile.delete(pidFile());
        throw new FleetException(
            "the admin page stopped while starting ("
                + DetachedProcess.lastLine(log())
                + ") — see "
                + paths.show(log()));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted while starting the admin page");
      }
      DevServer.sleep(300);
    }
    throw new FleetException(
        "the admin page did not answer on port "
            + port()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s — see "
            + paths.show(log()));
  }

  private String probeHost() {
    String host = env.getOrDefault("FLEET_ADMIN_HOST", "127.0.0.1").trim();
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  /** The built CLI jar in {@code target}; the chaos model server runs from it too. */
  static Path cliJar(Path target) {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "starter-*.jar")) {
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
        "the CLI is not built ("
            + target
            + "/starter-*.jar is missing) — run ./fleet up, which builds it, or ./mvnw -q package"
            + " -DskipTests -pl starter -am");
  }
}
