package dev.agentfleet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.agent.AgentActivitiesImpl;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.agent.ToolCallPolicy;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.ToolPolicy;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet's model activities sort each injected fault the way its retry policy needs: transport
 * and status faults, and bodies that are not JSON, are retryable ({@code ModelTransient}); answers
 * that break the contract, or call a tool outside the step's set, are repaired and then fail for
 * good ({@code ContractViolation}), and an agent's call to an unlisted tool is denied by policy.
 */
class FaultSortingTest {

  private ChaosModelServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ModelActivitiesImpl activitiesFacing(Fault fault) {
    server =
        ChaosModelServer.start(
            ChaosSettings.none().withRate(fault, 1).withHang(Duration.ofSeconds(5)));
    return ModelActivitiesImpl.builder(FleetRequests.config(server, Duration.ofMillis(700)))
        .build();
  }

  private static ApplicationFailure failure(ModelActivitiesImpl activities) {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.complete(FleetRequests.classifyTicket()));
    assertThat(failure).as("the model step must fail").isNotNull();
    return failure;
  }

  @Test
  void transport_status_and_unparseable_faults_are_retryable() {
    for (Fault fault :
        List.of(
            Fault.THROTTLED_429,
            Fault.ERROR_500,
            Fault.UNAVAILABLE_503,
            Fault.RESET,
            Fault.TIMEOUT,
            Fault.MALFORMED)) {
      ApplicationFailure failure = failure(activitiesFacing(fault));

      assertThat(failure.getType()).as(fault.key()).isEqualTo(ModelActivitiesImpl.MODEL_TRANSIENT);
      assertThat(failure.isNonRetryable()).as(fault.key()).isFalse();
      assertThat(server.stats().count(fault)).as(fault.key()).isEqualTo(1);
      server.close();
    }
  }

  @Test
  void a_throttled_call_is_retried_when_the_provider_said_and_other_faults_on_the_backoff() {
    server =
        ChaosModelServer.start(
            ChaosSettings.none()
                .withRate(Fault.THROTTLED_429, 1)
                .withRetryAfter(Duration.ofSeconds(3)));
    ApplicationFailure throttled =
        failure(
            ModelActivitiesImpl.builder(FleetRequests.config(server, Duration.ofSeconds(5)))
                .build());
    assertThat(throttled.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(throttled.getOriginalMessage()).contains("(HTTP 429)").contains("3000 ms");
    server.close();

    ApplicationFailure reset = failure(activitiesFacing(Fault.RESET));
    assertThat(reset.getNextRetryDelay()).isNull();
    assertThat(reset.getOriginalMessage()).contains("SocketException");
  }

  @Test
  void contract_breaking_answers_are_repaired_then_fail_for_good() {
    ApplicationFailure failure = failure(activitiesFacing(Fault.CONTRACT));

    assertThat(failure.getType()).isEqualTo(ModelActivities.CONTRACT_VIOLATION);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("after 2 repair(s)");
    assertThat(server.stats().contract()).as("the first answer and two repairs").isEqualTo(3);
  }

  @Test
  void a_tool_call_where_a_model_step_wants_json_is_a_contract_violation() {
    ApplicationFailure failure = failure(activitiesFacing(Fault.DISALLOWED_TOOL));

    assertThat(failure.getType()).isEqualTo(ModelActivities.CONTRACT_VIOLATION);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(server.stats().disallowedTool()).isEqualTo(3);
  }

  @Test
  void an_agent_turn_calling_an_unlisted_tool_is_denied_by_the_step_policy() {
    server = ChaosModelServer.start(ChaosSettings.none().withRate(Fault.DISALLOWED_TOOL, 1));
    AgentActivitiesImpl agents =
        new AgentActivitiesImpl(
            FleetRequests.config(server, Duration.ofSeconds(5)), CostControls.none());

    AgentTurn turn = agents.turn(FleetRequests.agentTurn());

    assertThat(turn.toolCalls()).hasSize(1);
    ToolCall call = turn.toolCalls().get(0);
    assertThat(call.name()).isNotEqualTo("lookup_order");
    AgentStep step =
        new AgentStep(
            "resolve",
            "Resolve the ticket with tools",
            "large",
            "Resolve this ticket",
            Map.of(),
            List.of(new AgentTool("lookup_order", "Look an order up", "crm", "get", null)),
            List.of(),
            6,
            null,
            null,
            Map.of("type", "object"),
            "done",
            null,
            null,
            null);
    ToolCallPolicy.Verdict verdict = new ToolCallPolicy().decide(step, call, Map.of());
    assertThat(verdict.decision()).isEqualTo(ToolPolicy.DENY);
    assertThat(verdict.reason()).isEqualTo("not an allowed tool");
  }
}
