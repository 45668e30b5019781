package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.chaos.ChaosModelServer;
import dev.agentfleet.chaos.ChaosSettings;
import dev.agentfleet.starter.FleetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosProcessTest {

  @TempDir Path repo;

  private ChaosProcess chaos(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("FLEET_REPO", repo.toString()));
    env.putAll(extra);
    return new ChaosProcess(FleetPaths.from(env), env);
  }

  @Test
  void the_worker_talks_to_the_chaos_server_with_the_openai_provider_and_no_real_key() {
    ChaosProcess chaos = chaos(Map.of("FLEET_CHAOS_PORT", "18090"));
    Map<String, String> base =
        Map.of(
            "FLEET_MODEL_PROVIDER", "offline",
            "OPENAI_API_KEY", "sk-real-key",
            "FLEET_METRICS_PORT", "9999");

    Map<String, String> worker = chaos.workerEnv(base);

    assertThat(worker)
        .containsEntry("FLEET_MODEL_PROVIDER", "openai")
        .containsEntry("FLEET_OPENAI_BASE_URL", "http://127.0.0.1:18090/v1")
        .containsEntry("FLEET_MODEL_TIMEOUT_SECONDS", "10")
        .containsEntry("FLEET_METRICS_PORT", "9999");
    assertThat(worker.get("FLEET_OPENAI_API_KEY")).isNotBlank().isNotEqualTo("sk-real-key");
    assertThat(base).containsEntry("FLEET_MODEL_PROVIDER", "offline");
  }

  @Test
  void a_model_timeout_the_user_set_is_kept() {
    Map<String, String> worker =
        chaos(Map.of()).workerEnv(Map.of("FLEET_MODEL_TIMEOUT_SECONDS", "30"));

    assertThat(worker).containsEntry("FLEET_MODEL_TIMEOUT_SECONDS", "30");
    assertThat(worker).containsEntry("FLEET_OPENAI_BASE_URL", "http://127.0.0.1:8090/v1");
  }

  @Test
  void listens_on_8090_unless_told_and_refuses_a_port_that_is_not_one() {
    assertThat(chaos(Map.of()).port()).isEqualTo(8090);
    assertThat(chaos(Map.of()).pidFile()).isEqualTo(repo.resolve(".fleet/chaos.pid"));
    assertThat(chaos(Map.of()).log()).isEqualTo(repo.resolve(".fleet/logs/chaos.log"));
    assertThatThrownBy(() -> chaos(Map.of("FLEET_CHAOS_PORT", "http")).port())
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("FLEET_CHAOS_PORT=http is not a port number");
  }

  @Test
  void reads_the_spec_of_the_server_on_its_port() {
    try (ChaosModelServer server = ChaosModelServer.start(ChaosSettings.parse("503=0.5,seed=4"))) {
      ChaosProcess chaos = chaos(Map.of("FLEET_CHAOS_PORT", Integer.toString(server.port())));

      assertThat(chaos.runningSpec()).contains("latency=none,503=0.5,seed=4");
      assertThat(chaos.portTaken()).isTrue();
      assertThat(chaos.running()).as("not started by this fleet home").isEmpty();
    }
  }
}
