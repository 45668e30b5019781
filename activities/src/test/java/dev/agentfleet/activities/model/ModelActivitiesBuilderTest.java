package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelResponse;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the builder of the model activities makes of a configuration and the parts it is given. */
class ModelActivitiesBuilderTest {

  /** Asks for OpenAI without a key or models: a configuration with problems. */
  private static final ModelConfig BROKEN =
      ModelConfig.fromEnv(Map.of("FLEET_MODEL_PROVIDER", "openai"));

  @Test
  void a_configuration_with_problems_builds_and_every_call_then_fails_naming_them() {
    assertThat(BROKEN.problems()).isNotEmpty();

    ModelActivitiesImpl activities = ModelActivitiesImpl.builder(BROKEN).build();
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("I want my money back")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
    assertThat(failure.getOriginalMessage())
        .contains("the model configuration is not usable")
        .contains("needs FLEET_OPENAI_API_KEY or OPENAI_API_KEY");
  }

  @Test
  void a_given_provider_answers_and_the_configuration_only_names_it() {
    ModelProvider scripted =
        request ->
            new ProviderResult(
                new ObjectMapper()
                    .valueToTree(
                        Map.of("category", "refund", "confidence", 0.9, "reasons", List.of("r"))),
                "scripted",
                "m-1",
                10,
                2,
                0.0,
                0,
                List.of());

    ModelResponse response =
        ModelActivitiesImpl.builder(BROKEN)
            .provider(scripted)
            .build()
            .complete(SupportFixtures.classify("I want my money back"));

    assertThat(response.provider()).isEqualTo("scripted");
    assertThat(response.output()).containsEntry("category", "refund");
  }

  @Test
  void a_missing_part_is_refused_by_name() {
    assertThatThrownBy(() -> ModelActivitiesImpl.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("a model configuration is required");
    assertThatThrownBy(() -> ModelActivitiesImpl.builder(ModelConfig.offline()).provider(null))
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> ModelActivitiesImpl.builder(ModelConfig.offline()).costControls(null))
        .hasMessageContaining("controls");
  }
}
