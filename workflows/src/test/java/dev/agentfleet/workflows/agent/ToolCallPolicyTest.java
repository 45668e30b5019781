package dev.agentfleet.workflows.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.ToolPolicy;
import dev.agentfleet.workflows.routing.CelRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallPolicyTest {

  private static final AgentStep STEP =
      new AgentStep(
          "resolve",
          null,
          "large",
          "goal",
          null,
          List.of(
              new AgentTool("lookup_order", null, "crm", "get", null),
              new AgentTool("refund", null, "payments", "refund", null)),
          List.of(
              new ToolPolicy(
                  "tool.name == 'refund' && tool.args.amount > input.limit", "approve", "billing"),
              new ToolPolicy("tool.name == 'refund' && tool.args.amount > 0", "allow", null),
              new ToolPolicy("tool.name == 'refund'", "deny", null)),
          null,
          null,
          null,
          Map.of("type", "object"),
          "done",
          null,
          null,
          null);

  private static final Map<String, Object> RUN = Map.of("input", Map.of("limit", 50));

  private final ToolCallPolicy policy = new ToolCallPolicy();

  private ToolCallPolicy.Verdict decide(String name, Map<String, Object> args) {
    return policy.decide(STEP, new ToolCall("c", name, args), RUN);
  }

  @Test
  void the_first_matching_rule_decides_over_the_call_and_the_run_state() {
    assertThat(decide("refund", Map.of("amount", 80)))
        .satisfies(
            v -> {
              assertThat(v.decision()).isEqualTo(ToolPolicy.APPROVE);
              assertThat(v.role()).isEqualTo("billing");
              assertThat(v.tool().connector()).isEqualTo("payments");
            });
    assertThat(decide("refund", Map.of("amount", 20.5)).decision()).isEqualTo(ToolPolicy.ALLOW);
    assertThat(decide("refund", Map.of("amount", -1)).decision()).isEqualTo(ToolPolicy.DENY);
  }

  @Test
  void a_listed_tool_no_rule_matches_is_allowed_and_an_unlisted_one_is_denied() {
    assertThat(decide("lookup_order", Map.of()).decision()).isEqualTo(ToolPolicy.ALLOW);
    ToolCallPolicy.Verdict unlisted = decide("approve", Map.of("approved", true));
    assertThat(unlisted.decision()).isEqualTo(ToolPolicy.DENY);
    assertThat(unlisted.tool()).isNull();
    assertThat(unlisted.reason()).isEqualTo("not an allowed tool");
  }

  @Test
  void a_rule_that_cannot_be_evaluated_denies_the_call() {
    ToolCallPolicy.Verdict verdict = decide("refund", Map.of("orderId", "A-1"));

    assertThat(verdict.decision()).isEqualTo(ToolPolicy.DENY);
    assertThat(verdict.error()).isTrue();
    assertThat(verdict.reason()).contains("could not be evaluated");
  }

  @Test
  void tool_rules_compile_against_tool_while_routing_rules_still_do_not_know_it() {
    assertThat(CelRules.toolCallCompileError("tool.name == 'refund' && run.costUsd < 1")).isEmpty();
    assertThat(CelRules.compileError("tool.name == 'refund'")).isPresent();
  }
}
