package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void defaults_to_the_offline_provider_and_openai_model_names() {
    ModelConfig config = ModelConfig.fromEnv(Map.of());

    assertThat(config.provider()).isEqualTo("offline");
    assertThat(config.openAiBaseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(config.modelFor("small")).isEqualTo("gpt-4o-mini");
    assertThat(config.modelFor("large")).isEqualTo("gpt-4o");
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void falls_back_to_openai_api_key_and_never_shows_it() {
    ModelConfig config =
        ModelConfig.fromEnv(
            Map.of(
                "FLEET_MODEL_PROVIDER", "OpenAI",
                "OPENAI_API_KEY", "sk-live-do-not-print",
                "FLEET_MODEL_TIMEOUT_SECONDS", "15"));

    assertThat(config.provider()).isEqualTo("openai");
    assertThat(config.openAiApiKey()).isEqualTo("sk-live-do-not-print");
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.toString()).doesNotContain("sk-live").contains("<redacted>");
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void names_what_is_missing_for_openai_without_a_key() {
    ModelConfig config = ModelConfig.fromEnv(Map.of("FLEET_MODEL_PROVIDER", "openai"));

    assertThat(config.problems()).singleElement().asString().contains("OPENAI_API_KEY");
  }

  @Test
  void rejects_a_price_that_is_not_a_number_naming_the_variable() {
    assertThatThrownBy(() -> ModelConfig.fromEnv(Map.of("FLEET_PRICE_LARGE_INPUT", "cheap")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_PRICE_LARGE_INPUT");
  }
}
