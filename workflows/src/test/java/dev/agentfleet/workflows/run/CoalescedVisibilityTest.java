package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run started by this code (trusted-definition version 3) coalesces its search attributes: they
 * reach the server at its first step, whenever a step starts a second or more after the last
 * upsert, when it waits for a person or an event, and at its end, each time in one upsert with
 * everything that changed since that the server does not have yet. What the listing shows once the
 * run waits or ends is what it showed when every change was upserted at once.
 */
class CoalescedVisibilityTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness(false);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void a_quick_run_upserts_at_its_first_step_and_at_its_end_and_replays() throws Exception {
    AgentWorkflow run = h.smallRefund("V-1");
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    WorkflowExecutionHistory history = h.history(run);

    List<Map<String, Object>> upserts = upserts(history);
    assertThat(upserts).hasSize(2);
    // the run started with its agent, record, status and no approval needed: not sent again
    assertThat(upserts.get(0))
        .containsOnlyKeys("FleetStep", "FleetDefinition")
        .containsEntry("FleetStep", "classify")
        .containsEntry("FleetDefinition", h.playbook.hash());
    String lastStep = end.steps().getLast().stepId();
    assertThat(upserts.get(1))
        .containsEntry("FleetStatus", "completed")
        .containsEntry("FleetStep", lastStep)
        .containsEntry("FleetCategory", "refund")
        .containsEntry("FleetConfidence", 0.91);

    SearchAttributes listed = listed(run);
    assertThat(listed.get(FleetSearchAttributes.AGENT)).isEqualTo("support-triage");
    assertThat(listed.get(FleetSearchAttributes.RECORD_ID)).isEqualTo("V-1");
    assertThat(listed.get(FleetSearchAttributes.STATUS)).isEqualTo("completed");
    assertThat(listed.get(FleetSearchAttributes.STEP)).isEqualTo(lastStep);
    assertThat(listed.get(FleetSearchAttributes.CATEGORY)).isEqualTo("refund");
    assertThat(listed.get(FleetSearchAttributes.CONFIDENCE)).isEqualTo(0.91);
    assertThat(listed.get(FleetSearchAttributes.NEEDS_APPROVAL)).isFalse();

    h.replay(history);
    h.exportHistory(run, "support-triage-coalesced-visibility");
  }

  @Test
  void a_run_that_waits_for_a_person_is_listed_waiting_at_once_and_running_once_decided() {
    AgentWorkflow run = h.waitingForBilling("V-2");
    SearchAttributes waiting = listed(run);
    assertThat(waiting.get(FleetSearchAttributes.STATUS)).isEqualTo("waiting-approval");
    assertThat(waiting.get(FleetSearchAttributes.NEEDS_APPROVAL)).isTrue();
    assertThat(waiting.get(FleetSearchAttributes.APPROVAL_ROLE)).isEqualTo("billing");
    assertThat(waiting.get(FleetSearchAttributes.STEP)).isEqualTo("billing_approval");
    assertThat(waiting.get(FleetSearchAttributes.CATEGORY)).isEqualTo("refund");

    run.decide(h.signed(run, "approve", "alice", "billing"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    SearchAttributes ended = listed(run);
    assertThat(ended.get(FleetSearchAttributes.STATUS)).isEqualTo("completed");
    assertThat(ended.get(FleetSearchAttributes.NEEDS_APPROVAL)).isFalse();
    assertThat(ended.containsKey(FleetSearchAttributes.APPROVAL_ROLE)).isFalse();
    // the decision's upsert carries the status and the approval's end together
    assertThat(upserts(h.history(run)))
        .anySatisfy(
            u ->
                assertThat(u)
                    .containsEntry("FleetStatus", "running")
                    .containsEntry("FleetNeedsApproval", false));
  }

  @Test
  void a_step_that_starts_a_second_or_more_after_the_last_upsert_publishes_it() throws Exception {
    h.model.answer("classify", Map.of("category", "refund", "confidence", 0.9));
    h.model.answer("extract", Map.of("amount", 20));
    h.model.answer("draft_reply", Map.of("reply", "Noted."));
    AgentWorkflow run =
        h.start(
            "V-3",
            WorkflowTestHarness.ticketPlaybook(
                "paced",
                """
                - id: classify
                  kind: model
                  purpose: Sort the ticket
                  tier: small
                  task: extract
                  prompt: "{{input.body}}"
                  output: {type: object, required: [category], properties: {category: {type: string}}}
                  next: pause
                - {id: pause, kind: wait, duration: PT5M, next: extract}
                - id: extract
                  kind: model
                  purpose: Extract the amount
                  tier: small
                  task: extract
                  prompt: "{{input.body}}"
                  output: {type: object, required: [amount], properties: {amount: {type: number}}}
                  next: draft_reply
                - id: draft_reply
                  kind: model
                  purpose: Draft the reply
                  tier: small
                  task: extract
                  prompt: "{{input.body}}"
                  output: {type: object, required: [reply], properties: {reply: {type: string}}}
                  next: done
                - {id: done, kind: end, status: completed, reason: replied}
                """));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    WorkflowExecutionHistory history = h.history(run);

    assertThat(upserts(history))
        .extracting(u -> u.get("FleetStep") + "/" + u.get("FleetStatus"))
        .containsExactly(
            "classify/null", // the first step (the run started "running": not sent again)
            "pause/waiting", // the run waits
            "extract/running", // five minutes after the last upsert
            "done/completed"); // draft_reply came within the second: in the end's upsert
    h.replay(history);
  }

  private static SearchAttributes listed(AgentWorkflow run) {
    return WorkflowStub.fromTyped(run).describe().getTypedSearchAttributes();
  }

  /** The search attributes each upsert event of the history sets (null for one it unsets). */
  static List<Map<String, Object>> upserts(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasUpsertWorkflowSearchAttributesEventAttributes)
        .map(
            e ->
                e.getUpsertWorkflowSearchAttributesEventAttributes()
                    .getSearchAttributes()
                    .getIndexedFieldsMap())
        .map(CoalescedVisibilityTest::decoded)
        .toList();
  }

  private static Map<String, Object> decoded(Map<String, Payload> fields) {
    Map<String, Object> values = new java.util.TreeMap<>();
    fields.forEach((name, payload) -> values.put(name, decode(payload)));
    return values;
  }

  private static Object decode(Payload payload) {
    Object value =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Object.class, Object.class);
    return value instanceof List<?> list && list.size() == 1 ? list.get(0) : value;
  }
}
