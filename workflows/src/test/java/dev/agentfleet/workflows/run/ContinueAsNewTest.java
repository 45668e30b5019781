package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookException;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose history grows past its definition's {@code maxHistoryEvents} continues as new between
 * steps and ends exactly as it would have without: same outputs, decisions, approvals, actions,
 * attestation, cost and audit trail.
 */
class ContinueAsNewTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private Playbook withMaxHistoryEvents(int events) throws IOException {
    String text =
        Files.readString(WorkflowTestHarness.PLAYBOOK, StandardCharsets.UTF_8)
            + "\nmaxHistoryEvents: "
            + events
            + "\n";
    return PlaybookParser.parse(text, "support-triage-short-history.yaml");
  }

  private void largeRefundTicket() {
    h.ticket(
        "refund", 0.97, WorkflowTestHarness.usdRefund("A-30017", 649.0, "A TV arrived broken."));
  }

  /** Runs the ticket to its end, approving the refund as alice, and returns the final state. */
  private RunState runApproved(AgentWorkflow started) {
    String workflowId = WorkflowStub.fromTyped(started).getExecution().getWorkflowId();
    // The in-process test server mishandles a query that races a continue-as-new, so the test
    // waits for the approval request in the audit log (written just before the run waits) and
    // only queries then. The real server has no such limit.
    awaitAudit(workflowId, "approval-requested");
    // A stub by workflow id alone follows the run into each new execution, as the CLI's does.
    AgentWorkflow latest = h.client().newWorkflowStub(AgentWorkflow.class, workflowId);
    latest.decide(h.signed(latest, "approve", "alice", "billing"));
    return h.result(latest);
  }

  private void awaitAudit(String workflowId, String kind) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (h.audit.ofKind(kind).stream().noneMatch(e -> e.workflowId().equals(workflowId))) {
      assertThat(System.nanoTime())
          .as("no %s audit entry for %s", kind, workflowId)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private List<String> auditTrail(String workflowId) {
    return h.audit.entries.values().stream()
        .filter(e -> e.workflowId().equals(workflowId))
        .filter(e -> !e.kind().equals("continue-as-new"))
        .sorted(java.util.Comparator.comparing(AuditEntry::at))
        .map(e -> e.kind() + ":" + e.stepId() + ":" + e.actor() + ":" + e.detail())
        .sorted()
        .toList();
  }

  @Test
  void continues_as_new_when_history_grows_and_keeps_outputs_decisions_and_approvals()
      throws Exception {
    largeRefundTicket();
    AgentWorkflow unlimited = h.start("CAN-0");
    String baselineRunId = WorkflowStub.fromTyped(unlimited).getExecution().getRunId();
    RunState baseline = runApproved(unlimited);
    List<HistoryEvent> baselineEvents =
        h.client().fetchHistory(baseline.workflowId(), baselineRunId).getEvents();
    assertThat(baselineEvents.get(baselineEvents.size() - 1).getEventType())
        .as("under the default limit the run never continues")
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

    AgentWorkflow started = h.start("CAN-1", withMaxHistoryEvents(20));
    String workflowId = WorkflowStub.fromTyped(started).getExecution().getWorkflowId();
    String firstRunId = WorkflowStub.fromTyped(started).getExecution().getRunId();
    RunState end = runApproved(started);

    // the first execution handed over to a new one
    WorkflowExecutionHistory first = h.client().fetchHistory(workflowId, firstRunId);
    List<HistoryEvent> events = first.getEvents();
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(events.size()).isLessThan(40);
    String lastRunId =
        h.client().newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    assertThat(lastRunId).isNotEqualTo(firstRunId);

    // and the run ended as the one that never continued
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.outputs()).isEqualTo(baseline.outputs());
    assertThat(end.steps())
        .extracting(StepRecord::stepId)
        .containsExactly(
            "classify",
            "extract",
            "triage",
            "billing_approval",
            "refund",
            "confirm_refund",
            "refunded")
        .isEqualTo(baseline.steps().stream().map(StepRecord::stepId).toList());
    assertThat(end.decisions())
        .extracting(Decision::rule, Decision::next)
        .isEqualTo(
            baseline.decisions().stream()
                .map(d -> org.assertj.core.groups.Tuple.tuple(d.rule(), d.next()))
                .toList());
    assertThat(end.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo("approved");
              assertThat(a.decidedBy()).isEqualTo("alice");
            });
    assertThat(end.actions())
        .extracting(ActionRecord::stepId)
        .containsExactly("refund", "confirm_refund");
    assertThat(end.cost()).isEqualTo(baseline.cost());
    assertThat(end.category()).isEqualTo("refund");
    Attestation refund = h.actions.effects.get(workflowId + "/refund").attestation();
    assertThat(refund.isHuman()).as("the approval given before continuing still attests").isTrue();
    assertThat(refund.principal()).isEqualTo("alice");

    // nothing in the audit trail was lost or overwritten across executions
    assertThat(auditTrail(workflowId)).isEqualTo(auditTrail(baseline.workflowId()));
    assertThat(h.audit.ofKind("continue-as-new"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.workflowId()).isEqualTo(workflowId));

    // Copy into src/test/resources/histories/ to keep it as a replay guard.
    Path recorded = Path.of("target", "recorded-histories");
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("support-triage-continued-as-new.json"),
        first.toJson(true),
        StandardCharsets.UTF_8);
  }

  @Test
  void a_history_limit_too_small_to_make_progress_is_refused() {
    assertThatThrownBy(() -> withMaxHistoryEvents(5))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("maxHistoryEvents");
  }
}
