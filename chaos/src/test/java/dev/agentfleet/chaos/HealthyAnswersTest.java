package dev.agentfleet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.activities.agent.AgentActivitiesImpl;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.model.ContractValidator;
import dev.agentfleet.activities.model.OpenAiModelProvider;
import dev.agentfleet.activities.model.ProviderResult;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.model.ModelRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Healthy answers pass the fleet's own contracts: every model step of the three shipped agents,
 * over every sample record, through the fleet's real {@link OpenAiModelProvider} (LangChain4j's
 * OpenAI client over HTTP) and its {@link ContractValidator}, with no repair; and an agent turn
 * gets a final answer.
 */
class HealthyAnswersTest {

  private final ContractValidator validator = new ContractValidator();
  private ChaosModelServer server;
  private OpenAiModelProvider provider;

  @BeforeEach
  void start() {
    server = ChaosModelServer.start(ChaosSettings.none().withSeed(7));
    provider =
        OpenAiModelProvider.fromConfig(
            FleetRequests.config(server, Duration.ofSeconds(10)), validator);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void every_model_step_of_the_shipped_agents_gets_an_answer_that_meets_its_contract() {
    Set<String> steps = new LinkedHashSet<>();
    int calls = 0;
    for (String agent : FleetRequests.AGENTS.keySet()) {
      for (ModelRequest request : FleetRequests.modelRequests(agent)) {
        ProviderResult result = provider.complete(request);

        String where = request.idempotencyKey() + " -> " + result.output();
        assertThat(result.problems()).as(where).isEmpty();
        assertThat(result.repairs()).as(where).isZero();
        assertThat(validator.validate(request.outputSchema(), result.output())).as(where).isEmpty();
        assertThat(result.inputTokens()).as(where).isPositive();
        assertThat(result.outputTokens()).as(where).isPositive();
        steps.add(agent + "/" + request.stepId());
        calls++;
      }
    }

    assertThat(steps)
        .containsExactlyInAnyOrder(
            "support-triage/classify",
            "support-triage/extract",
            "support-triage/draft_reply",
            "content-ops/draft",
            "content-ops/translate",
            "lead-followup/score");
    assertThat(server.stats().ok()).isEqualTo(calls);
  }

  @Test
  void the_answer_follows_the_request_and_the_seed_and_picks_a_label_the_ticket_names() {
    ModelRequest classify = FleetRequests.classifyTicket();

    ProviderResult first = provider.complete(classify);
    ProviderResult again = provider.complete(classify);

    assertThat(again.output()).isEqualTo(first.output());
    // T-1001 asks for "a refund please"
    assertThat(first.output().path("category").asText()).isEqualTo("refund");
    assertThat(first.output().path("confidence").asDouble()).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void the_translation_keeps_the_language_the_context_names() {
    ModelRequest translate =
        FleetRequests.modelRequests("content-ops").stream()
            .filter(r -> r.stepId().equals("translate"))
            .findFirst()
            .orElseThrow();

    ProviderResult result = provider.complete(translate);

    assertThat(result.output().path("language").asText()).isEqualTo("de");
  }

  @Test
  void an_agent_turn_gets_a_final_answer_without_tool_calls() {
    AgentActivitiesImpl agents =
        new AgentActivitiesImpl(
            FleetRequests.config(server, Duration.ofSeconds(10)), CostControls.none());

    AgentTurn turn = agents.turn(FleetRequests.agentTurn());

    assertThat(turn.toolCalls()).isEmpty();
    assertThat(turn.hasAnswer()).isTrue();
    assertThat(turn.answer()).containsKey("answer");
    assertThat(turn.repairs()).isZero();
    assertThat(List.of(server.stats().ok())).containsExactly(1L);
  }
}
