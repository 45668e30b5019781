package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fleet up --json} and {@code ./fleet down --json} for real: {@code up} starts a Temporal
 * dev server and a worker (the built {@code worker/target} jar, which the {@code it} module's
 * reactor build packages first) in a fleet home of its own, on free ports, and says where they are
 * as JSON; {@code down} stops them and says so. Whatever happens, {@link #cleanUp()} brings the
 * fleet down and kills what {@code down} left, so no process outlives the test.
 */
class UpDownJsonIT {

  private static final List<String> ALL_PARTS =
      List.of("admin page", "worker", "chaos model server", "Temporal dev server");

  private static Path home;
  private static Cli cli;
  private static String address;
  private static int uiPort;
  private static int metricsPort;

  /** Every pid a pid file of the fleet home named, for the clean-up to kill if down did not. */
  private static final List<Long> SEEN = new ArrayList<>();

  @BeforeAll
  static void fleetHome() throws IOException {
    Path workerTarget = Repo.root().resolve("worker").resolve("target");
    try (var jars = Files.newDirectoryStream(workerTarget, "worker-*.jar")) {
      assertThat(jars.iterator().hasNext())
          .as(
              "up starts the built worker: "
                  + workerTarget
                  + "/worker-*.jar is missing — run this IT through the reactor (-pl it -am"
                  + " verify), which packages the worker first")
          .isTrue();
    }
    home = Files.createTempDirectory("fleet-it-updown");
    int frontend = frontendWithFreeUiPort();
    uiPort = frontend + 1000;
    metricsPort = Ports.free();
    address = "127.0.0.1:" + frontend;
    cli =
        new Cli(address, home)
            .withEnv("FLEET_METRICS_PORT", String.valueOf(metricsPort))
            .withEnv("FLEET_ADMIN_PORT", String.valueOf(Ports.free()))
            .withEnv("FLEET_CODEC_PORT", String.valueOf(Ports.free()))
            .withEnv("FLEET_CHAOS_PORT", String.valueOf(Ports.free()))
            .withEnv("FLEET_MODEL_PROVIDER", "offline");
  }

  /** A free frontend port whose Web UI port ({@code up} uses frontend + 1000) is free too. */
  private static int frontendWithFreeUiPort() {
    for (int i = 0; i < 50; i++) {
      int port = Ports.free();
      if (port + 1000 < 65_536 && Ports.bindable(port + 1000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free frontend port with a free port 1000 above it");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (cli == null) {
      return;
    }
    recordPids();
    Cli.Result down = cli.run("down");
    for (long pid : SEEN) {
      ProcessHandle.of(pid)
          .ifPresent(
              left -> {
                left.destroyForcibly();
                left.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
              });
    }
    assertThat(down.exit()).as(down.out() + down.err()).isZero();
  }

  /** Notes the pids the fleet home's pid files name now. */
  private static void recordPids() throws IOException {
    for (String file : List.of("temporal.pid", "worker.pid", "admin.pid", "chaos.pid")) {
      pid(file).filter(pid -> !SEEN.contains(pid)).ifPresent(SEEN::add);
    }
  }

  private static Optional<Long> pid(String file) throws IOException {
    Path pidFile = home.resolve(file);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip()));
  }

  /** The command's stdout, checked to be one JSON object and nothing else. */
  private static JsonNode json(Cli.Result result) {
    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out().strip()).startsWith("{").endsWith("}");
    return result.json();
  }

  private static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as(array.toString()).isTrue();
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  @Test
  void up_says_where_everything_is_and_down_what_it_stopped() throws Exception {
    // up: starts the dev server and the worker; progress on stderr, where they are on stdout
    Cli.Result firstUp = cli.run("up", "--json", "--no-admin");
    recordPids();
    JsonNode up = json(firstUp);
    assertThat(firstUp.err()).contains("starting Temporal dev server at " + address, "is polling");
    assertThat(up.path("temporalAddress").asText()).isEqualTo(address);
    assertThat(up.path("namespace").asText()).isEqualTo("default");
    assertThat(up.path("model").asText()).isEqualTo("offline");
    assertThat(up.path("webUi").asText()).isEqualTo("http://localhost:" + uiPort);
    assertThat(up.path("metricsUrl").asText())
        .isEqualTo("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(up.get("adminUrl").isNull()).as("no admin page with --no-admin").isTrue();
    assertThat(up.get("codecUrl").isNull()).as("payloads are not encrypted").isTrue();
    assertThat(texts(up.path("logs")))
        .containsExactly(
            home.resolve("logs/temporal.log").toString(),
            home.resolve("logs/worker.log").toString());
    assertThat(texts(up.path("started"))).containsExactly("Temporal dev server", "worker");
    long serverPid = pid("temporal.pid").orElseThrow();
    long workerPid = pid("worker.pid").orElseThrow();
    assertThat(ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive)).isPresent();
    assertThat(ProcessHandle.of(workerPid).filter(ProcessHandle::isAlive)).isPresent();
    // the metrics URL it gave is where the worker answers
    HttpClient http = HttpClient.newHttpClient();
    Await.until(
        "the worker's metrics at " + up.path("metricsUrl").asText(),
        Duration.ofSeconds(30),
        () -> {
          try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(up.path("metricsUrl").asText())).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        status -> status == 200);

    // up again: everything runs already, nothing is started
    Cli.Result secondUp = cli.run("up", "--json", "--no-admin");
    JsonNode again = json(secondUp);
    assertThat(texts(again.path("started"))).isEmpty();
    assertThat(again.path("temporalAddress").asText()).isEqualTo(address);
    assertThat(secondUp.err()).contains("Temporal already running", "worker already running");
    // the text form shows the same facts
    Cli.Result text = cli.run("up", "--no-admin");
    assertThat(text.exit()).as(text.out() + text.err()).isZero();
    assertThat(text.out())
        .contains(
            "  Temporal   " + address + "  (namespace default)",
            "  Model      offline",
            "  Web UI     " + again.path("webUi").asText(),
            "  Metrics    " + again.path("metricsUrl").asText(),
            "  Next       ./fleet demo");

    // down: stops the worker, then the dev server, both on SIGTERM
    Cli.Result firstDown = cli.run("down", "--json");
    JsonNode down = json(firstDown);
    List<String> stoppedParts = new ArrayList<>();
    for (JsonNode stopped : down.path("stopped")) {
      stoppedParts.add(stopped.path("part").asText());
      assertThat(stopped.path("graceful").asBoolean())
          .as("stopped on SIGTERM: " + stopped)
          .isTrue();
    }
    assertThat(stoppedParts).containsExactly("worker", "Temporal dev server");
    assertThat(down.path("stopped").get(0).path("pid").asLong()).isEqualTo(workerPid);
    assertThat(down.path("stopped").get(1).path("pid").asLong()).isEqualTo(serverPid);
    assertThat(texts(down.path("notRunning"))).containsExactly("admin page", "chaos model server");
    assertThat(texts(down.path("leftRunning"))).isEmpty();
    assertThat(firstDown.err()).contains("stopped worker (pid " + workerPid + ")");
    assertThat(ProcessHandle.of(workerPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive)).isEmpty();

    // down again: nothing runs
    JsonNode downAgain = json(cli.run("down", "--json"));
    assertThat(downAgain.path("stopped").isEmpty()).isTrue();
    assertThat(texts(downAgain.path("notRunning"))).containsExactlyElementsOf(ALL_PARTS);
    assertThat(texts(downAgain.path("leftRunning"))).isEmpty();
  }
}
