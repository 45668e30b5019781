package dev.agentfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.workflows.run.ModelQueues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelQueuesConfigTest {

  @Test
  void by_default_a_model_that_answers_in_process_is_called_on_the_run_queue() {
    FleetConfig offline = FleetConfig.fromEnv(Map.of());

    assertThat(offline.modelCallsOnRunQueue()).isTrue();
    assertThat(FleetWorker.modelQueues(offline).queueFor("agent-fleet", "small"))
        .isEqualTo("agent-fleet");
    assertThat(
            FleetWorker.modelQueues(FleetConfig.fromEnv(Map.of("FLEET_MODEL_QUEUES", "auto")))
                .queueFor("agent-fleet", "large"))
        .isEqualTo("agent-fleet");
  }

  @Test
  void by_default_a_remote_or_slowed_model_keeps_each_tier_on_its_own_queue() {
    FleetConfig remote = FleetConfig.fromEnv(Map.of("FLEET_MODEL_PROVIDER", "openai"));
    FleetConfig slowed = FleetConfig.fromEnv(Map.of("FLEET_MODEL_LATENCY_MS", "40"));

    assertThat(remote.modelCallsOnRunQueue()).isFalse();
    assertThat(FleetWorker.modelQueues(remote)).isEqualTo(ModelQueues.OWN);
    assertThat(FleetWorker.modelQueues(slowed)).isEqualTo(ModelQueues.OWN);
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
        .hasMessageContaining("FLEET_MODEL_QUEUES must be 'auto'")
        .hasMessageContaining("'tier'")
        .hasMessageContaining("'run'")
        .hasMessageContaining("got 'eager'");
  }
}
