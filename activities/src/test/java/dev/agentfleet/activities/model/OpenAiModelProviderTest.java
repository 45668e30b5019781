package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiModelProviderTest {

  private static final String VALID =
      "{\"category\":\"refund\",\"confidence\":0.92,\"reasons\":[\"asks for money back\"]}";

  private final ModelConfig config =
      ModelConfig.fromEnv(
          Map.of("FLEET_MODEL_PROVIDER", "openai", "FLEET_OPENAI_API_KEY", "sk-test-secret"));
  private final ScriptedChatModelFake model = new ScriptedChatModelFake();
  private final ModelActivitiesImpl activities =
      ModelActivitiesImpl.builder(config)
          .provider(new OpenAiModelProvider(config, tier -> model, new ContractValidator()))
          .build();

  @Test
  void repairs_an_answer_that_is_not_json_and_accounts_for_both_calls() {
    model.replies("Sure! This ticket is clearly a refund.", VALID);

    ModelResponse response = activities.complete(SupportFixtures.classify("money back please"));

    assertThat(response.repairs()).isEqualTo(1);
    assertThat(response.output()).containsEntry("category", "refund");
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.model()).isEqualTo("scripted-model");
    assertThat(response.inputTokens()).isEqualTo(200);
    assertThat(response.outputTokens()).isEqualTo(40);
    assertThat(response.costUsd()).isEqualTo((200 * 0.15 + 40 * 0.60) / 1_000_000.0);
    var repairTurn = (UserMessage) model.requests().get(1).messages().getLast();
    assertThat(repairTurn.singleText())
        .contains("does not satisfy the JSON Schema")
        .contains("not one JSON object");
  }

  @Test
  void accepts_an_answer_wrapped_in_a_markdown_fence() {
    model.replies("```json\n" + VALID + "\n```");

    ModelResponse response = activities.complete(SupportFixtures.classify("money back please"));

    assertThat(response.repairs()).isZero();
    assertThat(response.output()).containsEntry("confidence", 0.92);
  }

  @Test
  void states_labels_and_schema_in_the_system_message() {
    model.replies(VALID);

    activities.complete(SupportFixtures.classify("money back please"));

    String system = model.requests().get(0).messages().get(0).toString();
    assertThat(system)
        .contains("refund, spam, technical, shipping")
        .contains("\"maximum\":1")
        .contains("one JSON object only");
  }

  @Test
  void fails_with_a_non_retryable_contract_violation_after_max_repairs() {
    String outOfRange = "{\"category\":\"refund\",\"confidence\":1.7,\"reasons\":[\"x\"]}";
    model.replies(outOfRange, outOfRange);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("money back please")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.CONTRACT_VIOLATION);
    assertThat(failure.getOriginalMessage())
        .contains("support-triage/triage")
        .contains("tier small")
        .contains("after 1 repair(s)")
        .contains("$.confidence");
    assertThat(failure.getDetails().get(0, List.class)).hasSize(1);
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void refuses_an_unknown_tier_without_calling_the_model() {
    ModelRequest request =
        new ModelRequest(
            "k",
            "support-triage",
            "triage",
            "huge",
            ModelTask.CLASSIFY,
            "p",
            SupportFixtures.LABELS,
            List.of(),
            SupportFixtures.CLASSIFY_SCHEMA,
            1,
            Map.of());

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> activities.complete(request));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains("unknown model tier 'huge'");
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void reports_a_rejected_key_as_unavailable_without_echoing_the_provider_message() {
    model.fails(new AuthenticationException("Incorrect API key provided: sk-test-secret"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("money back please")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).doesNotContain("sk-test-secret");
  }
}
