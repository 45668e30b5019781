package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs outside the default namespace name their namespace in every idempotency key, so two
 * namespaces that share a ledger never take one's refund for the other's; runs in the default
 * namespace keep the keys they always had, with no marker in their history.
 */
class NamespacedKeysTest {

  private static Map<String, Object> smallRefund() {
    return Map.of(
        "orderId", "A-1001", "amount", 24.99, "currency", "USD", "email", "customer@example.com");
  }

  @Test
  void a_run_in_another_namespace_names_it_in_its_action_keys_and_replays() throws Exception {
    try (WorkflowTestHarness h = new WorkflowTestHarness(true, "billing")) {
      h.ticket("refund", 0.91, smallRefund());
      AgentWorkflow run = h.start("R-1");
      RunState end = h.result(run);

      assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(h.actions.effects.keySet())
          .containsExactlyInAnyOrder(
              "billing:support-triage/R-1/refund", "billing:support-triage/R-1/confirm_refund");
      assertThat(end.actions())
          .extracting(ActionRecord::idempotencyKey)
          .containsExactly(
              "billing:support-triage/R-1/refund", "billing:support-triage/R-1/confirm_refund");
      WorkflowExecutionHistory history = h.client().fetchHistory(end.workflowId());
      assertThat(changeIds(history)).contains(RunContext.NAMESPACED_KEYS);
      h.replay(history);
    }
  }

  @Test
  void a_run_in_the_default_namespace_keeps_its_keys_and_records_no_marker_for_them() {
    try (WorkflowTestHarness h = new WorkflowTestHarness(true)) {
      h.ticket("refund", 0.91, smallRefund());
      RunState end = h.result(h.start("R-1"));

      ActionRequest refund = h.actions.effects.get("support-triage/R-1/refund");
      assertThat(refund).isNotNull();
      assertThat(refund.idempotencyKey()).isEqualTo("support-triage/R-1/refund");
      assertThat(changeIds(h.client().fetchHistory(end.workflowId())))
          .doesNotContain(RunContext.NAMESPACED_KEYS);
    }
  }

  private static java.util.List<String> changeIds(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap())
        .filter(d -> d.containsKey("changeId"))
        .map(d -> d.get("changeId").getPayloads(0).getData().toStringUtf8().replace("\"", ""))
        .toList();
  }
}
