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
 * A run started by this code (trusted-definition version 4, quiet visibility) coalesces its search
 * attributes: they reach the server when it waits for a person or an event, when a step starts 30
 * seconds or more after the server last had every value, and at its end, each time in one upsert
 * with everything that changed since that the server does not have yet. A run started as the CLI
 * starts it (its definition and first step among its search attributes) has nothing to send at its
 * first step; one started without them sends them there. What the listing shows once the run waits
 * or ends is what it showed when every change was upserted at once. Runs recorded at version 3
 * (first step, one-second lag) replay from {@code support-triage-coalesced-visibility.json}.
 */
class CoalescedVisibilityTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness(false);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void a_quick_run_started_as_the_cli_starts_it_upserts_once_at_its_end_and_replays()
      throws Exception {
    AgentWorkflow run = h.smallRefund("V-1");
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    WorkflowExecutionHistory history = h.history(run);

    // the run started with its agent, record, status, definition, first step and no approval
    // needed: its first step has nothing to send, and the rest came within the lag
    String lastStep = end.steps().getLast().stepId();
    assertThat(upserts(history))
        .singleElement()
        .satisfies(
            u ->
                assertThat(u)
                    .containsOnlyKeys(
                        "FleetStatus", "FleetStep", "FleetCategory", "FleetConfidence")
                    .containsEntry("FleetStatus", "completed")
                    .containsEntry("FleetStep", lastStep)
                    .containsEntry("FleetCategory", "refund")
                    .containsEntry("FleetConfidence", 0.91));

    SearchAttributes listed = listed(run);
    assertThat(listed.get(FleetSearchAttributes.AGENT)).isEqualTo("support-triage");
    assertThat(listed.get(FleetSearchAttributes.RECORD_ID)).isEqualTo("V-1");
    assertThat(listed.get(FleetSearchAttributes.DEFINITION)).isEqualTo(h.playbook.hash());
    assertThat(listed.get(FleetSearchAttributes.STATUS)).isEqualTo("completed");
    assertThat(listed.get(FleetSearchAttributes.STEP)).isEqualTo(lastStep);
    assertThat(listed.get(FleetSearchAttributes.CATEGORY)).isEqualTo("refund");
    assertThat(listed.get(FleetSearchAttributes.CONFIDENCE)).isEqualTo(0.91);
    assertThat(listed.get(FleetSearchAttributes.NEEDS_APPROVAL)).isFalse();

    h.replay(history);
    h.exportHistory(run, "support-triage-quiet-visibility");
  }

  @Test
  void a_run_started_without_its_first_step_sends_it_and_its_definition_at_that_step() {
    h.labelledByAnotherClient = true;
    AgentWorkflow run = h.smallRefund("V-4");
    RunState end = h.result(run);
    List<Map<String, Object>> upserts = upserts(h.history(run));
    assertThat(upserts).hasSize(2);
    assertThat(upserts.get(0))
        .containsOnlyKeys("FleetStep", "FleetDefinition")
        .containsEntry("FleetStep", "classify")
        .containsEntry("FleetDefinition", h.playbook.hash());
    assertThat(upserts.get(1))
        .containsEntry("FleetStatus", "completed")
        .containsEntry("FleetStep", end.steps().getLast().stepId());
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
  void a_step_that_starts_the_lag_or_more_after_the_last_upsert_publishes_it() throws Exception {
    WorkflowExecutionHistory history = pacedRun("V-3", "PT5M");
    assertThat(upserts(history))
        .extracting(u -> u.get("FleetStep") + "/" + u.get("FleetStatus"))
        .containsExactly(
            "pause/waiting", // the run waits (its first step was in its start)
            "extract/running", // five minutes after the last upsert
            "done/completed"); // draft_reply came within the lag: in the end's upsert
    h.replay(history);
  }

  @Test
  void a_step_that_starts_within_the_lag_waits_for_the_next_upsert() throws Exception {
    // twenty seconds: past version 3's one-second lag, within version 4's thirty
    WorkflowExecutionHistory history = pacedRun("V-5", "PT20S");
    assertThat(upserts(history))
        .extracting(u -> u.get("FleetStep") + "/" + u.get("FleetStatus"))
        .containsExactly("pause/waiting", "done/completed");
    h.replay(history);
  }

  /** A run that waits {@code pause} after its first step, then takes two quick model steps. */
  private WorkflowExecutionHistory pacedRun(String recordId, String pause) {
    h.model.answer("classify", Map.of("category", "refund", "confidence", 0.9));
    h.model.answer("extract", Map.of("amount", 20));
    h.model.answer("draft_reply", Map.of("reply", "Noted."));
    AgentWorkflow run =
        h.start(
            recordId,
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
                - {id: pause, kind: wait, duration: %s, next: extract}
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
                """
                    .formatted(pause)));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    return h.history(run);
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
