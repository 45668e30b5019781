package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelResponse;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real OpenAiChatModel and JDK HTTP client against {@link LocalOpenAiServer}. */
class OpenAiHttpTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LocalOpenAiServer server;
  private ModelActivitiesImpl activities;

  @BeforeEach
  void startServer() throws Exception {
    server = new LocalOpenAiServer();
    activities =
        ModelActivitiesImpl.fromEnv(
            Map.of(
                "FLEET_MODEL_PROVIDER", "openai",
                "FLEET_OPENAI_BASE_URL", server.baseUrl(),
                "FLEET_OPENAI_API_KEY", "sk-test-secret",
                "FLEET_MODEL_TIMEOUT_SECONDS", "1"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void repairs_an_answer_that_breaks_the_schema_over_real_http_and_counts_the_tokens()
      throws Exception {
    server
        .answers("{\"category\":\"refund\",\"confidence\":0.9}", 120, 15)
        .answers(
            "{\"category\":\"refund\",\"confidence\":0.9,\"reasons\":[\"money back\"]}", 180, 25);

    ModelResponse response =
        activities.complete(SupportFixtures.classify("I want my money back for order 88123"));

    assertThat(response.output())
        .containsEntry("category", "refund")
        .containsEntry("reasons", java.util.List.of("money back"));
    assertThat(response.repairs()).isEqualTo(1);
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(response.inputTokens()).isEqualTo(300);
    assertThat(response.outputTokens()).isEqualTo(40);
    assertThat(response.costUsd()).isCloseTo((300 * 0.15 + 40 * 0.60) / 1e6, within());
    assertThat(server.requestBodies()).hasSize(2);
    JsonNode first = MAPPER.readTree(server.requestBodies().get(0));
    JsonNode repair = MAPPER.readTree(server.requestBodies().get(1));
    assertThat(first.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(repair.path("messages")).hasSize(4);
    assertThat(repair.path("messages").get(3).path("content").asText())
        .contains("$: required property 'reasons' not found")
        .contains("Answer again with one corrected JSON object only");
  }

  @Test
  void turns_a_server_error_into_a_retryable_failure_not_a_contract_violation() {
    server.failsWith(500);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("I want my money back")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType())
        .isEqualTo(ModelActivitiesImpl.MODEL_TRANSIENT)
        .isNotEqualTo(ModelActivities.CONTRACT_VIOLATION);
    assertThat(failure.getOriginalMessage()).contains("HTTP 500");
    assertThat(server.requestBodies()).as("the client itself must not retry").hasSize(1);
  }

  @Test
  void turns_a_rate_limit_into_a_retryable_failure() {
    server.failsWith(429);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("I want my money back")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("HTTP 429");
  }

  @Test
  void turns_a_timeout_into_a_retryable_failure() {
    server.stallsFor(3_000);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("I want my money back")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(ModelActivitiesImpl.MODEL_TRANSIENT);
  }

  @Test
  void turns_a_rejected_key_into_a_non_retryable_unavailable_failure() {
    server.failsWith(401);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.complete(SupportFixtures.classify("I want my money back")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
