package dev.agentfleet.activities.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.model.LocalOpenAiServer;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.workflows.agent.AgentMessage;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.agent.ToolSpec;
import dev.agentfleet.workflows.model.ModelActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives agent turns through the real OpenAiChatModel and JDK HTTP client against {@link
 * LocalOpenAiServer}: tool specifications out, tool calls back, results in, final answer out.
 */
class AgentActivitiesHttpTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String OUTPUT =
      "{\"type\":\"object\",\"required\":[\"resolution\"],"
          + "\"properties\":{\"resolution\":{\"type\":\"string\"}}}";
  private static final ToolSpec LOOKUP =
      new ToolSpec(
          "lookup_order",
          "Look up an order by its id",
          Map.of(
              "type",
              "object",
              "properties",
              Map.of("orderId", Map.of("type", "string", "pattern", "^A-[0-9]+$")),
              "required",
              List.of("orderId")));

  private LocalOpenAiServer server;
  private AgentActivitiesImpl activities;

  @BeforeEach
  void startServer() throws Exception {
    server = new LocalOpenAiServer();
    activities =
        new AgentActivitiesImpl(
            ModelConfig.fromEnv(
                Map.of(
                    "FLEET_MODEL_PROVIDER", "openai",
                    "FLEET_OPENAI_BASE_URL", server.baseUrl(),
                    "FLEET_OPENAI_API_KEY", "sk-test-secret",
                    "FLEET_MODEL_TIMEOUT_SECONDS", "5")),
            CostControls.none());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static AgentTurnRequest request(int iteration, List<AgentMessage> transcript) {
    return new AgentTurnRequest(
        "order-agent/T-1/resolve/" + iteration,
        "order-agent/T-1",
        "order-agent",
        "resolve",
        "large",
        iteration,
        "Resolve ticket T-1: where is my order?",
        Map.of("body", "Order A-1 has not arrived."),
        List.of(LOOKUP),
        transcript,
        OUTPUT);
  }

  @Test
  void proposes_a_tool_call_then_gives_the_final_answer_over_real_http() throws Exception {
    server
        .proposesToolCall("call_1", "lookup_order", "{\"orderId\":\"A-1\"}", 150, 20)
        .answers("{\"resolution\":\"the order ships tomorrow\"}", 220, 15);

    AgentTurn first = activities.turn(request(1, List.of()));

    assertThat(first.hasAnswer()).isFalse();
    assertThat(first.toolCalls())
        .containsExactly(new ToolCall("call_1", "lookup_order", Map.of("orderId", "A-1")));
    assertThat(first.provider()).isEqualTo("openai");
    assertThat(first.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(first.inputTokens()).isEqualTo(150);
    assertThat(first.outputTokens()).isEqualTo(20);
    assertThat(first.costUsd()).isCloseTo((150 * 2.50 + 20 * 10.00) / 1e6, within(1e-12));

    ToolCall call = first.toolCalls().get(0);
    List<AgentMessage> transcript =
        List.of(
            AgentMessage.assistant(first.text(), first.toolCalls()),
            AgentMessage.toolResult(call, "{\"status\":\"shipped\"}"));
    AgentTurn second = activities.turn(request(2, transcript));

    assertThat(second.hasAnswer()).isTrue();
    assertThat(second.answer()).containsEntry("resolution", "the order ships tomorrow");
    assertThat(second.toolCalls()).isEmpty();
    assertThat(second.inputTokens()).isEqualTo(220);

    assertThat(server.requestBodies()).hasSize(2);
    JsonNode asked = MAPPER.readTree(server.requestBodies().get(0));
    assertThat(asked.path("model").asText()).isEqualTo("gpt-4o");
    JsonNode function = asked.path("tools").get(0).path("function");
    assertThat(function.path("name").asText()).isEqualTo("lookup_order");
    assertThat(function.path("description").asText()).isEqualTo("Look up an order by its id");
    assertThat(
            function.path("parameters").path("properties").path("orderId").path("pattern").asText())
        .as("the parameter schema reaches the model as written")
        .isEqualTo("^A-[0-9]+$");
    assertThat(function.path("parameters").path("required").get(0).asText()).isEqualTo("orderId");
    assertThat(asked.path("messages").get(1).path("content").asText())
        .contains("Goal: Resolve ticket T-1")
        .contains("Order A-1 has not arrived.");

    JsonNode followUp = MAPPER.readTree(server.requestBodies().get(1)).path("messages");
    assertThat(followUp).hasSize(4);
    JsonNode proposal = followUp.get(2);
    assertThat(proposal.path("role").asText()).isEqualTo("assistant");
    assertThat(proposal.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");
    assertThat(
            MAPPER.readTree(
                proposal.path("tool_calls").get(0).path("function").path("arguments").asText()))
        .isEqualTo(MAPPER.readTree("{\"orderId\":\"A-1\"}"));
    JsonNode result = followUp.get(3);
    assertThat(result.path("role").asText()).isEqualTo("tool");
    assertThat(result.path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(result.path("content").asText()).isEqualTo("{\"status\":\"shipped\"}");
  }

  @Test
  void repairs_a_final_answer_that_breaks_the_schema_then_gives_up_with_a_contract_violation() {
    server
        .answers("{\"outcome\":\"done\"}", 100, 5)
        .answers("not json at all", 100, 5)
        .answers("{\"resolution\":42}", 100, 5);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.turn(request(1, List.of())));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.CONTRACT_VIOLATION);
    assertThat(failure.getOriginalMessage()).contains("after 2 repair(s)");
    assertThat(server.requestBodies()).hasSize(1 + AgentActivitiesImpl.MAX_REPAIRS);
  }

  @Test
  void the_offline_provider_refuses_to_run_a_tool_loop_and_says_what_to_configure() {
    AgentActivitiesImpl offline =
        new AgentActivitiesImpl(ModelConfig.offline(), CostControls.none());

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> offline.turn(request(1, List.of())));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
    assertThat(failure.getOriginalMessage())
        .contains("tier 'large'")
        .contains("'offline' provider, which does not run tool loops")
        .contains("FLEET_MODEL_PROVIDER=openai")
        .contains("FLEET_MODEL_LARGE");
    assertThat(server.requestBodies()).isEmpty();
  }
}
