package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run started by this code (trusted-definition version 2) keeps its books with less: its last
 * audit entries go out with a local activity in its last workflow task, not as one more activity
 * and workflow task, and it records no marker of its own for continuing as new. Every audit entry
 * is still written, once, also when the write's answer is lost and the local activity retries.
 */
class LightBookkeepingTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness(false);

  @AfterEach
  void close() {
    h.close();
  }

  private WorkflowExecutionHistory history(AgentWorkflow run) {
    return h.client().fetchHistory(WorkflowStub.fromTyped(run).getExecution().getWorkflowId());
  }

  @Test
  void the_last_audit_entries_go_out_in_the_last_workflow_task_and_every_entry_is_written()
      throws Exception {
    AgentWorkflow run = h.smallRefund("L-1");
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    WorkflowExecutionHistory history = history(run);
    h.exportHistory(run, "support-triage-light-bookkeeping");

    assertThat(scheduledActivityTypes(history)).doesNotContain("AuditAppend");
    assertThat(localActivityTypes(history)).contains("AuditAppend");
    assertThat(changeIds(history))
        .contains(AgentWorkflowImpl.TRUSTED_DEFINITION)
        .doesNotContain(AgentWorkflowImpl.CONTINUE_AS_NEW);
    // the completion comes in the same workflow task as the last write
    List<HistoryEvent> events = history.getEvents();
    HistoryEvent completed = events.get(events.size() - 1);
    assertThat(completed.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(events.get(events.size() - 2).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_MARKER_RECORDED);

    // every entry, numbered without a gap, the run's end among them
    String id = end.workflowId();
    assertThat(h.audit.entries.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, h.audit.entries.size()).mapToObj(n -> id + "#" + n).toList());
    assertThat(h.audit.ofKind("run"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).startsWith("completed"));
    h.replay(history);
  }

  @Test
  void a_lost_answer_retries_the_write_with_the_same_keys_so_nothing_is_written_twice() {
    h.audit.failAfterWriting.set(1);
    AgentWorkflow run = h.smallRefund("L-2");
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.audit.calls).hasSizeGreaterThanOrEqualTo(2);
    List<String> last = h.audit.calls.get(h.audit.calls.size() - 1);
    List<String> failed = h.audit.calls.get(h.audit.calls.size() - 2);
    assertThat(last).isEqualTo(failed).isNotEmpty();
    assertThat(h.audit.entries)
        .hasSize(h.audit.calls.stream().flatMap(List::stream).distinct().toList().size());
    assertThat(h.audit.ofKind("run")).hasSize(1);
  }

  @Test
  void an_audit_log_that_stays_down_through_the_local_attempts_is_written_by_the_activity() {
    h.audit.failAfterWriting.set(5);
    AgentWorkflow run = h.smallRefund("L-3");
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    List<List<String>> lastSix =
        h.audit.calls.subList(h.audit.calls.size() - 6, h.audit.calls.size());
    assertThat(lastSix).allSatisfy(keys -> assertThat(keys).isEqualTo(lastSix.get(0)));
    assertThat(scheduledActivityTypes(history(run))).contains("AuditAppend");
    assertThat(h.audit.ofKind("run")).hasSize(1);
  }

  private static List<String> scheduledActivityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private static List<String> localActivityTypes(WorkflowExecutionHistory history) {
    return markerDetail(history, "type");
  }

  private static List<String> changeIds(WorkflowExecutionHistory history) {
    return markerDetail(history, "changeId");
  }

  private static List<String> markerDetail(WorkflowExecutionHistory history, String key) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap())
        .filter(d -> d.containsKey(key))
        .map(d -> d.get(key).getPayloads(0).getData().toStringUtf8().replace("\"", ""))
        .toList();
  }
}
