package dev.agentfleet.bench.fleet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchFleetTest {

  @Test
  void refuses_inherited_settings_that_would_measure_another_system() {
    Map<String, String> env =
        Map.of(
            "TEMPORAL_API_KEY", "secret-value",
            "FLEET_SANDBOX_FAULTS", "mailer.send=fail:0.5",
            "FLEET_ACTIVITY_SLOTS", "400");

    assertThatThrownBy(() -> BenchFleet.refuseConflictingEnvironment(env))
        .hasMessageContaining("FLEET_SANDBOX_FAULTS, TEMPORAL_API_KEY are set")
        .hasMessageContaining("--worker-env")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void tuning_settings_and_blank_values_pass() {
    Map<String, String> env = Map.of("FLEET_ACTIVITY_SLOTS", "400", "FLEET_BLOB_URL", " ");

    assertThatCode(() -> BenchFleet.refuseConflictingEnvironment(env)).doesNotThrowAnyException();
  }
}
