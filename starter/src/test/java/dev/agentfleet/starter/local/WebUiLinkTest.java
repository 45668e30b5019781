package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.connection.TemporalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} and {@code demo} link a Web UI only where one is known to exist. */
class WebUiLinkTest {

  @TempDir Path repo;

  private Map<String, String> env(String address) {
    Map<String, String> env = new HashMap<>();
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_ADDRESS", address);
    env.put("TEMPORAL_CONFIG_FILE", repo.resolve("no-such.toml").toString());
    return env;
  }

  @Test
  void no_dev_server_link_for_a_server_this_fleet_did_not_start() throws Exception {
    Map<String, String> env = env("127.0.0.1:17233");
    try (TemporalConnection temporal = TemporalConnection.fromEnvironment(env)) {
      // a local address, but no dev server of this fleet home runs there (no live pid file)
      assertThat(FleetWhereabouts.webUi(FleetPaths.from(env), temporal, env)).isEmpty();
      // a stale pid file of a process that is not the dev server does not count either
      FleetPaths paths = FleetPaths.from(env);
      Files.createDirectories(paths.temporalPid().getParent());
      Files.writeString(paths.temporalPid(), ProcessHandle.current().pid() + "\n");
      assertThat(FleetWhereabouts.webUi(paths, temporal, env)).isEmpty();
    }
  }

  @Test
  void links_the_configured_ui_of_an_external_cluster() throws Exception {
    Map<String, String> env = env("temporal.example.internal:7233");
    env.put("FLEET_TEMPORAL_UI", "https://temporal-ui.example.internal/");
    try (TemporalConnection temporal = TemporalConnection.fromEnvironment(env)) {
      assertThat(FleetWhereabouts.webUi(FleetPaths.from(env), temporal, env))
          .contains("https://temporal-ui.example.internal");
    }
  }
}
