package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalModelTest {

  @Test
  void without_options_nothing_is_asked_so_a_running_worker_keeps_its_model() {
    assertThat(LocalModel.fromOptions(null, null)).isEmpty();
  }

  @Test
  void reads_the_model_and_writes_the_chaos_spec_in_its_canonical_form() {
    assertThat(LocalModel.fromOptions("offline", null))
        .contains(new LocalModel(LocalModel.OFFLINE, null));
    assertThat(LocalModel.fromOptions("Chaos", null))
        .contains(new LocalModel(LocalModel.CHAOS, null));
    assertThat(LocalModel.fromOptions("chaos", "seed=3, 429=5%").orElseThrow().chaosSpec())
        .isEqualTo("latency=none,429=0.05,seed=3");
  }

  @Test
  void refuses_options_that_do_not_fit_naming_the_option() {
    assertThatThrownBy(() -> LocalModel.fromOptions("gpt", null))
        .hasMessage("--model must be offline or chaos, got 'gpt'");
    assertThatThrownBy(() -> LocalModel.fromOptions(null, "429=0.1"))
        .hasMessageStartingWith("--chaos SPEC needs --model chaos");
    assertThatThrownBy(() -> LocalModel.fromOptions("offline", "429=0.1"))
        .hasMessageStartingWith("--chaos SPEC needs --model chaos");
    assertThatThrownBy(() -> LocalModel.fromOptions("chaos", "429=lots"))
        .hasMessageStartingWith("--chaos: chaos spec: key '429'")
        .hasMessageContaining("like 0.05 or 5%");
  }

  @Test
  void the_spec_to_start_is_the_option_then_fleet_chaos_then_the_demo_default() {
    LocalModel given = LocalModel.fromOptions("chaos", "500=0.2").orElseThrow();
    LocalModel defaulted = LocalModel.fromOptions("chaos", null).orElseThrow();

    assertThat(given.specToStart(Map.of("FLEET_CHAOS", "503=0.1")))
        .isEqualTo("latency=none,500=0.2,seed=1");
    assertThat(defaulted.specToStart(Map.of("FLEET_CHAOS", "503=0.1")))
        .isEqualTo("latency=none,503=0.1,seed=1");
    assertThat(defaulted.specToStart(Map.of()))
        .isEqualTo("latency=uniform:100ms:800ms,faults=0.1,seed=1");
    assertThatThrownBy(() -> defaulted.specToStart(Map.of("FLEET_CHAOS", "latency=slow")))
        .hasMessageStartingWith("FLEET_CHAOS: chaos spec: key 'latency'");
  }

  @Test
  void a_worker_records_chaos_or_the_provider_its_environment_names() {
    LocalModel chaos = new LocalModel(LocalModel.CHAOS, null);
    LocalModel offline = new LocalModel(LocalModel.OFFLINE, null);

    assertThat(chaos.workerModel(Map.of("FLEET_MODEL_PROVIDER", "openai"))).isEqualTo("chaos");
    assertThat(offline.workerModel(Map.of())).isEqualTo("offline");
    assertThat(offline.workerModel(Map.of("FLEET_MODEL_PROVIDER", " OpenAI "))).isEqualTo("openai");
  }

  @Test
  void a_worker_on_another_model_must_be_brought_down_first() {
    LocalModel chaos = LocalModel.fromOptions("chaos", "faults=0.2").orElseThrow();
    LocalModel offline = new LocalModel(LocalModel.OFFLINE, null);

    Optional<String> conflict = chaos.conflictWith("offline", 4242);
    assertThat(conflict).isPresent();
    assertThat(conflict.get())
        .contains("a worker is already running (pid 4242) on the offline model")
        .contains("./fleet down must come first")
        .contains("./fleet up --model chaos --chaos '" + chaos.chaosSpec() + "'");
    assertThat(offline.conflictWith("chaos", 7).orElseThrow())
        .contains("on the chaos model")
        .contains("./fleet up --model offline");
    assertThat(chaos.conflictWith("unknown", 7)).isPresent();
    assertThat(chaos.conflictWith("chaos", 7)).isEmpty();
    assertThat(offline.conflictWith("openai", 7)).isEmpty();
    assertThat(offline.conflictWith("unknown", 7)).isEmpty();
  }
}
