package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.steps.BudgetGuard;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A map step's model calls are held to the run's budget as a model step's are: a summary on the
 * small tier costs $0.003, so a run with a $0.002 budget is over it when it reaches {@code
 * translate}, a map whose items ask the large tier.
 */
class MapBudgetTest {

  private static final String PLAYBOOK =
      """
      name: translate-budget
      %s
      steps:
        - id: summarize
          kind: model
          tier: small
          task: draft
          prompt: "Summarize {{input.subject}}"
          output: {type: object, required: [text], properties: {text: {type: string}}}
          next: translate
        - id: translate
          kind: map
          items: [de, fr, it]
          as: lang
          do:
            kind: model
            tier: large
            task: draft
            prompt: "Translate into {{lang}}: {{steps.summarize.text}}"
            output: {type: object, required: [text], properties: {text: {type: string}}}
          next: done
        - {id: done, kind: end, status: completed, reason: translated}
      """;

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Playbook playbook(String budget) {
    String line = budget == null ? "" : "budget: " + budget;
    return PlaybookParser.parse(PLAYBOOK.formatted(line), "translate-budget.yaml");
  }

  private void scripted() {
    h.model
        .answer("summarize", Map.of("text", "The app crashes."))
        .cost("summarize", 0.003)
        .answerEach("translate", r -> Map.of("text", r.prompt()))
        .cost("translate", 0.01);
  }

  @Test
  void a_map_over_budget_runs_its_model_items_on_the_small_tier_when_told_to_downgrade() {
    scripted();

    AgentWorkflow run = h.start("MB-1", playbook("{usd: 0.002, onExhausted: downgrade}"));
    RunState end = h.result(run);
    h.exportHistory(run, "map-budget-downgraded");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests)
        .filteredOn(r -> r.stepId().equals("translate"))
        .hasSize(3)
        .extracting(ModelRequest::tier)
        .containsOnly(ModelTiers.SMALL);
    assertThat(h.model.taskQueues)
        .containsOnly(TaskQueues.MODEL_SMALL)
        .as("the summary and the three items")
        .hasSize(4);
    assertThat(end.decisions())
        .filteredOn(d -> d.rule().equals(BudgetGuard.DOWNGRADED))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stepId()).isEqualTo("translate");
              assertThat(d.expression())
                  .contains("run.costUsd $0.003000 >= budget.usd $0.002000")
                  .contains("large -> small");
            });
    assertThat(end.errors()).isEmpty();
  }

  @Test
  void a_map_over_budget_calls_no_model_and_goes_to_its_failure_policy_when_told_to_escalate() {
    scripted();

    AgentWorkflow run = h.start("MB-2", playbook("{usd: 0.002, onExhausted: escalate}"));
    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);

    assertThat(h.model.requests).extracting(ModelRequest::stepId).containsExactly("summarize");
    assertThat(parked.deadLetter().stepId()).isEqualTo("translate");
    assertThat(parked.deadLetter().errorType()).isEqualTo(BudgetGuard.BUDGET_EXHAUSTED);
    assertThat(parked.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stepId()).isEqualTo("translate");
              assertThat(e.type()).isEqualTo(BudgetGuard.BUDGET_EXHAUSTED);
              assertThat(e.message())
                  .contains("$0.003000 of its $0.002000 budget before map step translate");
            });
    assertThat(parked.steps())
        .filteredOn(s -> s.stepId().equals("translate"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).isEqualTo(BudgetGuard.BUDGET_EXHAUSTED));
  }

  @Test
  void a_map_under_budget_runs_its_items_on_their_own_tier() {
    scripted();

    RunState end = h.result(h.start("MB-3", playbook("{usd: 1.00, onExhausted: escalate}")));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests)
        .filteredOn(r -> r.stepId().equals("translate"))
        .extracting(ModelRequest::tier)
        .containsExactly(ModelTiers.LARGE, ModelTiers.LARGE, ModelTiers.LARGE);
    assertThat(end.cost().usd()).isCloseTo(0.003 + 3 * 0.01, within(1e-12));
  }

  @Test
  void a_map_in_a_run_without_a_budget_records_no_budget_marker() {
    scripted();

    AgentWorkflow run = h.start("MB-4", playbook(null));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests)
        .filteredOn(r -> r.stepId().equals("translate"))
        .extracting(ModelRequest::tier)
        .containsOnly(ModelTiers.LARGE);
    String workflowId = WorkflowStub.fromTyped(run).getExecution().getWorkflowId();
    assertThat(h.client().fetchHistory(workflowId).toJson(false))
        .doesNotContain(BudgetGuard.MAP_BUDGET);
  }
}
