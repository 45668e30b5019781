package dev.agentfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

  @Test
  void defaults_put_the_ledger_under_the_fleet_home_and_use_the_offline_model() {
    FleetConfig config = FleetConfig.fromEnv(Map.of("FLEET_HOME", "/tmp/fleet-x"));

    assertThat(config.ledgerUrl()).isEqualTo("jdbc:sqlite:/tmp/fleet-x/ledger.db");
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.taskQueue()).isEqualTo("agent-fleet");
    assertThat(config.model().provider()).isEqualTo("offline");
    assertThat(config.pidFile()).isNull();
  }

  @Test
  void environment_overrides_each_setting() {
    FleetConfig config =
        FleetConfig.fromEnv(
            Map.of(
                "FLEET_LEDGER_URL", "jdbc:sqlite:/data/l.db",
                "FLEET_METRICS_PORT", "0",
                "FLEET_PID_FILE", "/run/w.pid",
                "FLEET_ACTIVITY_SLOTS", "16",
                "FLEET_MODEL_SLOTS", "64",
                "FLEET_WORKFLOW_CACHE", "300",
                "FLEET_WORKFLOW_POLLERS", "4",
                "FLEET_MODEL_LATENCY_MS", "250"));

    assertThat(config.ledgerUrl()).isEqualTo("jdbc:sqlite:/data/l.db");
    assertThat(config.metricsPort()).isZero();
    assertThat(config.pidFile()).isEqualTo(Path.of("/run/w.pid"));
    assertThat(config.maxConcurrentActivities()).isEqualTo(16);
    assertThat(config.modelSlots()).isEqualTo(64);
    assertThat(config.workflowCacheSize()).isEqualTo(300);
    assertThat(config.workflowPollers()).isEqualTo(4);
    assertThat(config.modelPollers()).isEqualTo(8);
    assertThat(config.modelLatencyMillis()).isEqualTo(250);
  }

  @Test
  void approval_public_keys_default_to_the_fleet_home_and_can_be_pointed_elsewhere() {
    assertThat(FleetConfig.fromEnv(Map.of("FLEET_HOME", "/tmp/fleet-x")).approvalPublicKeys())
        .isEqualTo(Path.of("/tmp/fleet-x/keys/approvals.pub"));
    assertThat(
            FleetConfig.fromEnv(Map.of("FLEET_APPROVAL_PUBLIC_KEYS", "/etc/fleet/approvers.pub"))
                .approvalPublicKeys())
        .isEqualTo(Path.of("/etc/fleet/approvers.pub"));
  }

  @Test
  void malformed_number_names_the_variable() {
    assertThatThrownBy(() -> FleetConfig.fromEnv(Map.of("FLEET_METRICS_PORT", "nine")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_METRICS_PORT")
        .hasMessageContaining("nine");
  }

  @Test
  void slots_and_cache_must_be_positive() {
    assertThatThrownBy(() -> FleetConfig.fromEnv(Map.of("FLEET_WORKFLOW_CACHE", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_WORKFLOW_CACHE must be 1 or more");
  }
}
