package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.FleetWhereabouts.ChaosServer;
import dev.agentfleet.starter.local.FleetWhereabouts.Whereabouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the fleet is, gathered once and rendered as {@code up}'s text or {@code up --json}'s JSON.
 */
class FleetWhereaboutsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:17233");
    env.put("TEMPORAL_CONFIG_FILE", repo.resolve("no-such.toml").toString());
    env.put("FLEET_METRICS_PORT", "19464");
    return env;
  }

  private String abs(String inRepo) {
    return repo.resolve(inRepo).toAbsolutePath().normalize().toString();
  }

  /** Everything there: chaos model, Web UI, encryption, admin page, both logs. */
  private Whereabouts everything() {
    return new Whereabouts(
        "127.0.0.1:17233",
        "default",
        "chaos",
        new ChaosServer(
            "http://127.0.0.1:18090", "latency=none,429=0.05,seed=7", abs(".fleet/chaos.log")),
        "http://localhost:18233",
        "http://127.0.0.1:19464/metrics",
        "http://localhost:18089",
        "/etc/fleet/payload.keys",
        abs(".fleet/codec.token"),
        "http://localhost:17070",
        abs("config/approvers.yaml"),
        abs(".fleet/logs/admin.log"),
        List.of(abs(".fleet/logs/temporal.log"), abs(".fleet/logs/worker.log")),
        List.of("Temporal dev server", "worker"));
  }

  private String text(Whereabouts where, boolean suggestNext) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    where.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), FleetPaths.from(env()), suggestNext);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void the_text_shows_each_part_on_its_line_with_paths_relative_to_the_repository() {
    assertThat(text(everything(), true))
        .isEqualTo(
            String.join(
                "\n",
                "",
                "  Temporal   127.0.0.1:17233  (namespace default)",
                "  Model      chaos model server http://127.0.0.1:18090  (latency=none,429=0.05,seed=7;"
                    + " log .fleet/chaos.log)",
                "  Web UI     http://localhost:18233",
                "  Metrics    http://127.0.0.1:19464/metrics",
                "  Encrypted  payloads, key file /etc/fleet/payload.keys; codec endpoint"
                    + " http://localhost:18089 (Bearer token: .fleet/codec.token)",
                "  Admin      http://localhost:17070  (approvers of config/approvers.yaml sign in;"
                    + " log .fleet/logs/admin.log)",
                "  Logs       .fleet/logs/temporal.log, .fleet/logs/worker.log",
                "  Next       ./fleet demo   or   ./fleet run support-triage --input FILE",
                ""));
  }

  @Test
  void the_json_names_every_fact_with_absolute_paths() {
    JsonNode json = JSON.valueToTree(everything());
    assertThat(json.path("temporalAddress").asText()).isEqualTo("127.0.0.1:17233");
    assertThat(json.path("namespace").asText()).isEqualTo("default");
    assertThat(json.path("model").asText()).isEqualTo("chaos");
    assertThat(json.path("chaosServer").path("url").asText()).isEqualTo("http://127.0.0.1:18090");
    assertThat(json.path("chaosServer").path("spec").asText())
        .isEqualTo("latency=none,429=0.05,seed=7");
    assertThat(json.path("webUi").asText()).isEqualTo("http://localhost:18233");
    assertThat(json.path("metricsUrl").asText()).isEqualTo("http://127.0.0.1:19464/metrics");
    assertThat(json.path("codecUrl").asText()).isEqualTo("http://localhost:18089");
    assertThat(json.path("adminUrl").asText()).isEqualTo("http://localhost:17070");
    assertThat(json.path("logs").get(1).asText()).isEqualTo(abs(".fleet/logs/worker.log"));
    assertThat(JSON.convertValue(json.path("started"), List.class))
        .containsExactly("Temporal dev server", "worker");
  }

  @Test
  void a_bare_fleet_gathers_nulls_for_what_is_not_there_and_prints_only_what_is() throws Exception {
    Map<String, String> env = env();
    FleetPaths paths = FleetPaths.from(env);
    // a worker of this fleet home "runs": this JVM's pid, as up recognises its own processes
    Files.createDirectories(paths.workerPid().getParent());
    Files.writeString(paths.workerPid(), ProcessHandle.current().pid() + "\n");
    Files.writeString(paths.home().resolve("worker.model"), "offline\n");
    try (TemporalConnection temporal = TemporalConnection.fromEnvironment(env)) {
      Whereabouts where =
          FleetWhereabouts.gather(
              paths,
              temporal,
              env,
              new LocalModel(LocalModel.OFFLINE, null),
              new DevServer(paths, temporal),
              new WorkerProcess(paths, temporal, env),
              new AdminProcess(paths, env),
              new ChaosProcess(paths, env),
              List.of());

      JsonNode json = JSON.valueToTree(where);
      assertThat(json.path("model").asText()).isEqualTo("offline");
      for (String absent :
          List.of(
              "chaosServer",
              "webUi",
              "codecUrl",
              "payloadKeyFile",
              "codecTokenFile",
              "adminUrl",
              "approvers",
              "adminLog")) {
        assertThat(json.has(absent)).as(absent).isTrue();
        assertThat(json.get(absent).isNull()).as(absent).isTrue();
      }
      // the dev server was not started by this fleet home: its log is not listed
      assertThat(JSON.convertValue(json.path("logs"), List.class))
          .containsExactly(paths.workerLog().toAbsolutePath().normalize().toString());
      assertThat(json.path("started").isEmpty()).isTrue();

      assertThat(text(where, false))
          .isEqualTo(
              String.join(
                  "\n",
                  "",
                  "  Temporal   127.0.0.1:17233  (namespace default)",
                  "  Model      offline",
                  "  Metrics    http://127.0.0.1:19464/metrics",
                  "  Logs       " + paths.show(paths.workerLog()),
                  ""));
    }
  }
}
