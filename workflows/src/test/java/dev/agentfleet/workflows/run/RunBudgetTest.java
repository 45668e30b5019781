package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.steps.BudgetGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run's budget, checked before each model step against the cost its model calls reported: the
 * support-triage playbook with a budget of $0.002, and a model whose classify and extract calls
 * cost $0.0012 each, so the run is over budget when it reaches {@code draft_reply} (tier large).
 */
class RunBudgetTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private Playbook withBudget(String budget) throws IOException {
    String text = Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8);
    return PlaybookParser.parse(text + "\nbudget: " + budget + "\n", "support-triage+budget");
  }

  private void technicalTicket() {
    h.ticket(
        "technical",
        0.93,
        Map.of("urgency", "normal", "summary", "The app crashes on the settings page."));
    h.model.cost("classify", 0.0012).cost("extract", 0.0012).cost("draft_reply", 0.0400);
  }

  @Test
  void runs_every_model_step_on_its_own_tier_and_queue_while_under_budget() throws IOException {
    technicalTicket();

    RunState end = h.result(h.start("B-0", withBudget("{usd: 1.00, onExhausted: downgrade}")));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests)
        .extracting(ModelRequest::tier)
        .containsExactly(ModelTiers.SMALL, ModelTiers.SMALL, ModelTiers.LARGE);
    assertThat(h.model.taskQueues)
        .containsExactly(TaskQueues.MODEL_SMALL, TaskQueues.MODEL_SMALL, TaskQueues.MODEL_LARGE);
    assertThat(end.decisions()).extracting(Decision::rule).doesNotContain(BudgetGuard.DOWNGRADED);
    assertThat(end.cost().usd()).isCloseTo(0.0424, within(1e-9));
  }

  @Test
  void downgrades_the_large_step_to_the_small_tier_once_the_budget_is_spent() throws IOException {
    technicalTicket();

    AgentWorkflow run = h.start("B-1", withBudget("{usd: 0.002, onExhausted: downgrade}"));
    RunState end = h.result(run);
    h.exportHistory(run, "support-triage-budget-downgraded");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    ModelRequest draft = h.model.requests.get(2);
    assertThat(draft.stepId()).isEqualTo("draft_reply");
    assertThat(draft.tier()).isEqualTo(ModelTiers.SMALL);
    assertThat(h.model.taskQueues.get(2)).isEqualTo(TaskQueues.MODEL_SMALL);
    assertThat(end.decisions())
        .filteredOn(d -> d.rule().equals(BudgetGuard.DOWNGRADED))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stepId()).isEqualTo("draft_reply");
              assertThat(d.expression())
                  .contains("run.costUsd $0.002400 >= budget.usd $0.002000")
                  .contains("large -> small");
            });
    assertThat(end.errors()).isEmpty();
    assertThat(end.actions()).extracting(ActionRecord::stepId).containsExactly("send_reply");
  }

  @Test
  void escalates_to_human_review_without_calling_the_model_once_the_budget_is_spent()
      throws IOException {
    technicalTicket();

    AgentWorkflow run = h.start("B-2", withBudget("{usd: 0.002, onExhausted: escalate}"));
    RunState waiting = awaitWaiting(run);

    assertThat(h.model.requests)
        .extracting(ModelRequest::stepId)
        .containsExactly("classify", "extract");
    assertThat(waiting.pendingApproval().stepId()).isEqualTo("human_review");
    assertThat(waiting.pendingApproval().costUsd()).isCloseTo(0.0024, within(1e-9));
    assertThat(waiting.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stepId()).isEqualTo("draft_reply");
              assertThat(e.type()).isEqualTo(BudgetGuard.BUDGET_EXHAUSTED);
              assertThat(e.message()).contains("$0.002400 of its $0.002000 budget");
            });
    assertThat(waiting.steps())
        .filteredOn(s -> s.stepId().equals("draft_reply"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).isEqualTo(BudgetGuard.BUDGET_EXHAUSTED));
    assertThat(h.actions.attempts).isEmpty();

    run.decide(h.signed(run, "approve", "bob", "support"));
    RunState end = h.result(run);
    h.exportHistory(run, "support-triage-budget-escalated");
    assertThat(end.outcome()).isEqualTo("handled by a person");
  }

  @Test
  void a_budget_counts_only_what_was_spent_so_cache_hits_keep_a_run_under_it() throws IOException {
    technicalTicket();
    h.model.cached("classify").cached("extract");

    RunState end = h.result(h.start("B-3", withBudget("{usd: 0.002, onExhausted: escalate}")));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests.get(2).tier()).isEqualTo(ModelTiers.LARGE);
    assertThat(end.cost().modelCalls()).isEqualTo(3);
    assertThat(end.cost().cacheHits()).isEqualTo(2);
    assertThat(end.cost().inputTokens()).isEqualTo(100);
    assertThat(end.cost().usd()).isCloseTo(0.04, within(1e-9));
    assertThat(end.cost().latencyMillis()).isEqualTo(1 + 1 + 3);
  }

  @Test
  void a_run_without_a_budget_never_downgrades() {
    technicalTicket();
    h.model.cost("classify", 5.0).cost("extract", 5.0);

    RunState end = h.result(h.start("B-4"));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests).extracting(ModelRequest::tier).last().isEqualTo("large");
    assertThat(end.cost().usd()).isCloseTo(10.04, within(1e-9));
    assertThat(List.copyOf(end.errors())).isEmpty();
  }
}
