package dev.agentfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.workflows.run.ModelQueues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelQueuesConfigTest {

  @Test
  void by_default_every_tier_has_its_own_queue() {
    FleetConfig config = FleetConfig.fromEnv(Map.of());

    assertThat(config.modelCallsOnRunQueue()).isFalse();
    assertThat(FleetWorker.modelQueues(config)).isEqualTo(ModelQueues.OWN);
    assertThat(FleetWorker.modelQueues(FleetConfig.fromEnv(Map.of("FLEET_MODEL_QUEUES", "tier"))))
        .isEqualTo(ModelQueues.OWN);
  }

  @Test
  void on_the_run_queue_a_rate_limited_tier_keeps_its_own() {
    FleetConfig all = FleetConfig.fromEnv(Map.of("FLEET_MODEL_QUEUES", "run"));
    FleetConfig limited =
        FleetConfig.fromEnv(Map.of("FLEET_MODEL_QUEUES", "run", "FLEET_MODEL_RPS_LARGE", "5"));

    assertThat(FleetWorker.modelQueues(all).queueFor("agent-fleet", "small"))
        .isEqualTo("agent-fleet");
    assertThat(FleetWorker.modelQueues(all).queueFor("agent-fleet", "large"))
        .isEqualTo("agent-fleet");
    assertThat(FleetWorker.modelQueues(limited).queueFor("agent-fleet", "small"))
        .isEqualTo("agent-fleet");
    assertThat(FleetWorker.modelQueues(limited).queueFor("agent-fleet", "large"))
        .isEqualTo("agent-fleet-model-large");
  }

  @Test
  void an_unknown_placement_names_the_variable_and_the_choices() {
    assertThatThrownBy(() -> FleetConfig.fromEnv(Map.of("FLEET_MODEL_QUEUES", "eager")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_MODEL_QUEUES must be 'tier'")
        .hasMessageContaining("'run'")
        .hasMessageContaining("got 'eager'");
  }
}
