package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import org.junit.jupiter.api.Test;

/**
 * {@code execution: local} is accepted on steps that are short and safe to repeat and refused, at
 * its line and column with the reason, everywhere else.
 */
class ExecutionPlaybookTest {

  private static final String HEAD =
      """
      name: local
      input:
        - {name: text, type: string, required: true}
      steps:
      """;

  private static final String MODEL =
      """
        - id: summarise
          kind: model
          tier: small
          task: extract
          prompt: "{{input.text}}"
          output: {type: object}
          execution: %s
          next: %s
      """;

  private static final String END = "  - {id: done, kind: end, status: completed}\n";

  private static LintResult check(String steps) {
    return PlaybookParser.check(HEAD + steps + END, "local.yaml");
  }

  private static String action(String connector, String operation, String params) {
    return """
          - id: act
            kind: action
            connector: %s
            operation: %s
            params: %s
            execution: local
            next: done
        """
        .formatted(connector, operation, params);
  }

  @Test
  void a_model_step_and_a_read_only_operation_may_run_local() {
    LintResult result =
        check(MODEL.formatted("local", "act") + action("crm", "get", "{email: a@example.com}"));

    assertThat(result.messages()).isEmpty();
    assertThat(((ModelStep) result.playbook().definition().steps().get(0)).execution())
        .isEqualTo(Execution.LOCAL);
    assertThat(((ActionStep) result.playbook().definition().steps().get(1)).execution())
        .isEqualTo(Execution.LOCAL);
  }

  @Test
  void a_step_without_the_field_runs_as_an_activity_and_says_nothing_on_the_wire()
      throws Exception {
    LintResult result =
        PlaybookParser.check(
            HEAD + MODEL.replace("    execution: %s\n", "").formatted("done") + END, "local.yaml");

    ModelStep step = (ModelStep) result.playbook().definition().steps().get(0);
    assertThat(step.execution()).isNull();
    assertThat(Execution.isLocal(step.execution())).isFalse();
    assertThat(new ObjectMapper().writeValueAsString(step))
        .contains("\"id\":\"summarise\"")
        .doesNotContain("execution");
  }

  @Test
  void an_effect_is_refused_at_its_line_with_the_reason() {
    LintResult result =
        check(
            action(
                "payments", "refund", "{orderId: A-1, amount: '1', currency: USD, reason: test}"));

    assertThat(result.messages())
        .anyMatch(
            m ->
                m.startsWith(
                        "local.yaml:10:16: step 'act'.execution: payments.refund acts on the world")
                    && m.contains("may run again after a worker crash")
                    && m.contains("read-only operations (crm.get)"));
  }

  @Test
  void a_write_and_a_send_are_refused_too() {
    assertThat(check(action("crm", "update", "{email: a@example.com, name: Ana}")).messages())
        .anyMatch(m -> m.contains("step 'act'.execution: crm.update acts on the world"));
    assertThat(
            check(
                    """
                      - id: tell
                        kind: notify
                        channel: mail
                        to: role:support
                        body: hello
                        execution: local
                        next: done
                    """)
                .messages())
        .anyMatch(
            m -> m.startsWith("local.yaml:10:16: step 'tell'.execution: a notify step sends"));
  }

  @Test
  void an_agent_step_needs_heartbeats_and_is_refused() {
    String agent =
        """
          - id: resolve
            kind: agent
            tier: small
            goal: "{{input.text}}"
            tools: [{name: lookup, connector: crm, operation: get}]
            output: {type: object}
            execution: local
            next: done
        """;

    assertThat(check(agent).messages())
        .anyMatch(
            m ->
                m.startsWith("local.yaml:11:16: step 'resolve'.execution: an agent step's turns")
                    && m.contains("cannot heartbeat"));
  }

  @Test
  void a_map_item_is_refused_and_an_activity_agent_step_is_fine() {
    String map =
        """
          - id: each
            kind: map
            items: [a, b]
            do:
              kind: model
              tier: small
              task: extract
              prompt: "{{item}}"
              output: {type: object}
              execution: local
            next: done
        """;

    assertThat(check(map).messages())
        .anyMatch(m -> m.contains("step 'each'.do.execution: a map step runs its items"));
  }

  @Test
  void a_retry_interval_past_the_local_bound_is_refused() {
    String slow =
        MODEL.formatted("local", "done")
            + "    onFailure: {retry: {maxInterval: PT5M}, then: fail}\n";

    assertThat(check(slow).messages())
        .anyMatch(
            m ->
                m.contains(
                        "step 'summarise'.onFailure.retry.maxInterval: a local step runs 2 minutes")
                    && m.contains("PT5M never comes"));
  }

  @Test
  void an_unknown_execution_names_the_choices() {
    assertThat(check(MODEL.formatted("remote", "done")).messages())
        .anyMatch(
            m ->
                m.startsWith("local.yaml:11:16: step 'summarise'.execution:")
                    && m.contains("activity, local"));
  }

  @Test
  void the_catalog_marks_crm_get_read_only_and_nothing_that_acts() {
    assertThat(ExecutionChecks.readOnlyOperations()).isEqualTo("crm.get");
    assertThat(ConnectorCatalog.PAYMENTS.find("refund").orElseThrow().read()).isFalse();
  }
}
