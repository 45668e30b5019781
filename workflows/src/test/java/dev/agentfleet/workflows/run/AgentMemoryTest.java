package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.memory.ContextBudget;
import dev.agentfleet.workflows.memory.RecallRequest;
import dev.agentfleet.workflows.memory.Recollection;
import dev.agentfleet.workflows.memory.RememberRequest;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory tiers in a run of the shipped support-triage playbook: its classify step recalls
 * similar resolved tickets into its context, and a run that ends completed or closed remembers its
 * case once. The memory itself is a fake here; MemoryActivitiesImplTest covers the real one.
 */
class AgentMemoryTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Map<String, Object> extracted(Double amount) {
    Map<String, Object> out = new HashMap<>();
    out.put("orderId", "A-1");
    out.put("amount", amount);
    out.put("currency", amount == null ? null : "USD");
    out.put("urgency", "normal");
    out.put("summary", "Customer wants a refund for a broken blender.");
    return out;
  }

  private ModelRequest request(String stepId) {
    return h.model.requests.stream()
        .filter(r -> r.stepId().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no model request for " + stepId));
  }

  private static StepRecord step(RunState state, String stepId) {
    return state.steps().stream()
        .filter(s -> s.stepId().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step record for " + stepId));
  }

  /** The shipped playbook with one piece of its text replaced; fails if the piece is not there. */
  private static Playbook variant(String from, String to) throws IOException {
    String text = Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8);
    assertThat(text).as("the shipped playbook").contains(from);
    return PlaybookParser.parse(text.replace(from, to), "support-triage (variant)");
  }

  private RunState runTicket(Playbook playbook, String recordId, String body) {
    AgentWorkflow stub =
        h.client()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forRecord(playbook.definition().name(), recordId))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkItem item =
        new WorkItem(
            recordId,
            Map.of(
                "id",
                recordId,
                "from",
                "customer@example.com",
                "subject",
                "Broken blender",
                "body",
                body));
    WorkflowClient.start(
        stub::run, new AgentRunInput(playbook.definition(), playbook.hash(), item));
    RunState end = h.result(stub);
    // Each run is exported to target/recorded-histories, to keep as a replay guard if wanted.
    h.exportHistory(stub, "support-triage-memory-" + recordId);
    return end;
  }

  @Test
  void the_classify_step_gets_the_recalled_cases_as_similar_cases_in_its_context() {
    h.memory.recalls(
        new Recollection(
            "Blender broken on arrival. Customer wants a refund.",
            Map.of("category", "refund", "resolution", "refunded"),
            0.83,
            1_000L),
        new Recollection(
            "Kettle arrived cracked.",
            Map.of("category", "refund", "resolution", "refunded"),
            0.71,
            2_000L));
    h.ticket("refund", 0.91, extracted(24.99));

    RunState end = runTicket(h.playbook, "M-1", "My blender arrived broken, I want my money back.");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.memory.recalls)
        .singleElement()
        .isEqualTo(
            new RecallRequest(
                "support-triage",
                "tickets",
                "Broken blender. My blender arrived broken, I want my money back.",
                3,
                0.5));
    assertThat(request("classify").context())
        .containsEntry("text", "Broken blender. My blender arrived broken, I want my money back.")
        .containsEntry(
            ContextBudget.SIMILAR_CASES,
            List.of(
                Map.of(
                    "summary",
                    "Blender broken on arrival. Customer wants a refund.",
                    "outcome",
                    Map.of("category", "refund", "resolution", "refunded")),
                Map.of(
                    "summary",
                    "Kettle arrived cracked.",
                    "outcome",
                    Map.of("category", "refund", "resolution", "refunded"))));
    assertThat(request("extract").context()).doesNotContainKey(ContextBudget.SIMILAR_CASES);
    assertThat(step(end, "classify").detail())
        .contains("memory: recalled 2 similar cases from tickets [0.83, 0.71]");
  }

  @Test
  void a_completed_run_remembers_its_case_once_with_the_declared_outcome() {
    h.ticket("refund", 0.91, extracted(24.99));

    RunState end = runTicket(h.playbook, "M-2", "My blender arrived broken, I want my money back.");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.memory.remembers)
        .singleElement()
        .isEqualTo(
            new RememberRequest(
                end.workflowId() + "/remember",
                "support-triage",
                "tickets",
                "Customer wants a refund for a broken blender.",
                Map.of("category", "refund", "resolution", "refunded"),
                Duration.ofDays(30)));
  }

  @Test
  void a_run_with_memory_replays_against_its_own_history() throws Exception {
    h.memory.recalls(
        new Recollection("Kettle arrived cracked.", Map.of("category", "refund"), 0.71, 2_000L));
    h.ticket("refund", 0.91, extracted(24.99));
    RunState end = runTicket(h.playbook, "M-7", "My blender arrived broken.");

    WorkflowExecutionHistory history = h.client().fetchHistory(end.workflowId());

    assertThat(history.getEvents())
        .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .containsSubsequence("MemoryRecall", "ModelComplete", "MemoryRemember")
        .containsOnlyOnce("MemoryRecall", "MemoryRemember");
    WorkflowReplayer.replayWorkflowExecution(history, AgentWorkflowImpl.class);
  }

  @Test
  void a_run_ending_in_a_status_the_agent_does_not_remember_stores_nothing() throws IOException {
    h.ticket("spam", 0.95, extracted(null));
    Playbook onlyCompleted = variant("statuses: [completed, closed]", "statuses: [completed]");

    RunState end = runTicket(onlyCompleted, "M-3", "You won a free phone, click here");

    assertThat(end.status()).isEqualTo(RunStatus.CLOSED);
    assertThat(h.memory.recalls).hasSize(1);
    assertThat(h.memory.remembers).isEmpty();
  }

  @Test
  void a_playbook_without_memory_makes_no_memory_calls() throws IOException {
    String text = Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8);
    String rememberBlock =
        text.substring(text.indexOf("\nremember:\n"), text.indexOf("\nsteps:\n"));
    Playbook withoutMemory =
        PlaybookParser.parse(
            text.replace(rememberBlock, "")
                .replace("    memory: {recall: 3, minSimilarity: 0.5, namespace: tickets}\n", ""),
            "support-triage (no memory)");
    assertThat(withoutMemory.definition().steps())
        .noneMatch(s -> s instanceof ModelStep m && m.memory() != null);
    assertThat(withoutMemory.definition().remember()).isNull();
    h.ticket("refund", 0.91, extracted(24.99));

    RunState end = runTicket(withoutMemory, "M-4", "My blender arrived broken.");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.memory.recalls).isEmpty();
    assertThat(h.memory.remembers).isEmpty();
    assertThat(request("classify").context()).doesNotContainKey(ContextBudget.SIMILAR_CASES);
  }

  @Test
  void a_memory_outage_leaves_the_step_without_cases_and_the_run_goes_on() {
    h.memory.failWith("memory database is down");
    h.ticket("refund", 0.91, extracted(24.99));

    RunState end = runTicket(h.playbook, "M-5", "My blender arrived broken.");

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(request("classify").context()).containsEntry(ContextBudget.SIMILAR_CASES, List.of());
    assertThat(step(end, "classify").detail())
        .contains("memory unavailable (MemoryDown: memory database is down)");
    assertThat(h.memory.remembers).hasSize(1);
    assertThat(end.errors()).isEmpty();
  }

  @Test
  void the_context_budget_cuts_a_long_ticket_and_the_step_record_says_so() throws IOException {
    h.ticket("refund", 0.91, extracted(24.99));
    Playbook tightBudget = variant("contextTokens: 2000", "contextTokens: 100");
    String body = "The blender arrived broken and I would like my money back. ".repeat(50);

    RunState end = runTicket(tightBudget, "M-6", body);

    String text = (String) request("classify").context().get("text");
    assertThat(text)
        .startsWith("Broken blender. The blender arrived broken")
        .endsWith(ContextBudget.ELLIPSIS);
    assertThat(ContextBudget.estimateTokens(request("classify").context()))
        .isLessThanOrEqualTo(100);
    assertThat(step(end, "classify").detail())
        .contains(
            "context 100/100 tokens: cut text " + ("Broken blender. ".length() + body.length()));
    // The memory is searched with the budgeted text, and the extract step keeps its own budget.
    assertThat(h.memory.recalls.getFirst().text()).hasSizeLessThanOrEqualTo(400);
    assertThat(request("extract").context().get("text")).isEqualTo("Broken blender. " + body);
  }
}
