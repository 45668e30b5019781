package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.definition.TrustedDefinitions;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that does not trust local definitions runs only the ones its sources hold: a run names
 * its definition by hash, and an edited copy (the attack of issue 11: a billing approval rerouted
 * into a refund) is refused before any step, audited, whether it is named by its own hash or sent
 * inline under the trusted one's short hash.
 */
class TrustedDefinitionWorkflowTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness(false);

  @AfterEach
  void close() {
    h.close();
  }

  private static Map<String, Object> extracted(Double amount) {
    Map<String, Object> out = new HashMap<>();
    out.put("orderId", "A-1");
    out.put("amount", amount);
    out.put("currency", "USD");
    out.put("urgency", "normal");
    out.put("summary", "Customer asks about an order.");
    return out;
  }

  /** The shipped support-triage playbook with its small-refund limit raised: an edited copy. */
  private static Playbook edited() throws Exception {
    String text =
        Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8)
            .replace("steps.extract.currency) <= 50", "steps.extract.currency) <= 5000");
    Playbook edited = PlaybookParser.parse(text, "edited-agents/support-triage.yaml");
    assertThat(edited.sha256())
        .isNotEqualTo(
            PlaybookParser.parse(
                    Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8), "x")
                .sha256());
    return edited;
  }

  @Test
  void a_trusted_definition_named_by_hash_runs_and_its_input_carries_no_definition() {
    h.definitions.trust(h.playbook);
    h.ticket("refund", 0.91, extracted(24.99));

    AgentWorkflow run = h.start("T-1", h.playbook, true);
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.definitionHash()).isEqualTo(h.playbook.hash());
    h.exportHistory(run, "support-triage-by-reference");
    HistoryEvent started =
        h.client()
            .fetchHistory(WorkflowStub.fromTyped(run).getExecution().getWorkflowId())
            .getEvents()
            .get(0);
    assertThat(started.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    String input = started.getWorkflowExecutionStartedEventAttributes().getInput().toString();
    assertThat(input).contains(h.playbook.sha256()).doesNotContain("auto_refund_small");
  }

  @Test
  void a_trusted_run_records_its_verdict_by_hash_so_its_history_never_carries_the_definition()
      throws Exception {
    WorkflowExecutionHistory history = completedByReference("T-6");
    // the description is in the definition only: no event, the verdict's marker included, has it
    assertThat(history.getEvents())
        .map(HistoryEvent::toString)
        .noneMatch(event -> event.contains("refund up to 50"));
    assertThat(markerResults(history))
        .anySatisfy(
            r -> assertThat(r).contains(h.playbook.sha256()).doesNotContain("\"definition\""));

    // a worker that holds the definition replays the run as it ran
    h.replay(history);
  }

  @Test
  void a_worker_that_cannot_read_the_definition_a_run_was_trusted_with_fails_the_task_clearly()
      throws Exception {
    WorkflowExecutionHistory history = completedByReference("T-7");

    // the definition was removed from the worker since: it must not run anything else
    TrustedDefinitions empty =
        new TrustedDefinitions(
            List.of(new FakeDefinitionSource()), true, new CachedDefinitionChecks(16));
    assertThatThrownBy(() -> WorkflowTestHarness.replay(history, empty))
        .hasStackTraceContaining(h.playbook.sha256())
        .hasStackTraceContaining("cannot read it now");
  }

  /** The history of a small refund run of the trusted playbook, named by hash, completed. */
  private WorkflowExecutionHistory completedByReference(String recordId) {
    h.definitions.trust(h.playbook);
    h.ticket("refund", 0.91, extracted(24.99));
    AgentWorkflow run = h.start(recordId, h.playbook, true);
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    return h.client().fetchHistory(WorkflowStub.fromTyped(run).getExecution().getWorkflowId());
  }

  private static List<String> markerResults(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("result"))
        .filter(java.util.Objects::nonNull)
        .flatMap(p -> p.getPayloadsList().stream())
        .map(p -> p.getData().toStringUtf8())
        .toList();
  }

  @Test
  void an_edited_copy_named_by_its_own_hash_is_refused_before_any_step_and_audited()
      throws Exception {
    h.definitions.trust(h.playbook);
    h.ticket("refund", 0.91, extracted(649.0));

    AgentWorkflow run = h.start("T-2", edited(), true);
    RunState end = h.result(run);
    h.exportHistory(run, "support-triage-untrusted-definition-refused");

    assertThat(end.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(end.status().terminal()).isTrue();
    assertThat(end.outcome()).contains("not trusted by this worker").contains("agents publish");
    assertThat(end.steps()).isEmpty();
    assertThat(end.errors()).extracting(RunError::type).containsExactly("UntrustedDefinition");
    assertThat(h.model.requests).isEmpty();
    assertThat(h.actions.attempts).isEmpty();
    assertThat(h.audit.ofKind("run"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).startsWith("refused: definition"));
    assertThat(h.audit.ofKind("error")).hasSize(1);
  }

  @Test
  void an_old_style_input_runs_only_when_its_definition_equals_the_trusted_one_of_its_hash()
      throws Exception {
    h.definitions.trust(h.playbook);
    h.ticket("refund", 0.91, extracted(24.99));

    RunState trusted = h.result(h.start("T-3", h.playbook, false));
    assertThat(trusted.status()).isEqualTo(RunStatus.COMPLETED);

    // an edited definition sent inline under the trusted playbook's short hash
    Playbook edited = edited();
    Playbook disguised = new Playbook(edited.definition(), h.playbook.hash(), "edited", null);
    RunState refused = h.result(h.start("T-4", disguised, false));
    assertThat(refused.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(refused.steps()).isEmpty();
  }

  @Test
  void an_unknown_hash_is_refused_even_when_nothing_is_trusted() {
    RunState end = h.result(h.start("T-5", h.playbook, true));

    assertThat(end.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(end.agent()).isEqualTo("support-triage");
    assertThat(h.model.requests).isEmpty();
  }
}
