package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steps declared {@code execution: local} run as local activities: the same implementation,
 * request, idempotency key, schema-checked output and audit entries as a normal step, recorded as
 * markers instead of scheduled activities; a step without the field runs exactly as before.
 */
class LocalStepsTest {

  static final Path RECORDED =
      Path.of("src", "test", "resources", "histories", "local-model-and-read-steps.json");

  private static final String STEPS =
      """
      name: local-steps
      input:
        - {name: id, type: string, required: true}
        - {name: from, type: string, required: true}
        - {name: body, type: string, required: true}
      steps:
        - id: summarise
          kind: model
          tier: small
          task: extract
          prompt: "Summarise: {{input.body}}"
          output: {type: object, required: [summary], properties: {summary: {type: string}}}
          execution: %1$s
          next: urgency
        - id: urgency
          kind: model
          tier: small
          task: extract
          prompt: "How urgent: {{input.body}}"
          output: {type: object, required: [urgency], properties: {urgency: {type: string}}}
          execution: %1$s
          next: lookup
        - id: lookup
          kind: action
          connector: crm
          operation: get
          params: {email: "{{input.from}}"}
          execution: %1$s
          next: done
        - {id: done, kind: end, status: completed, reason: looked up}
      """;

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Playbook playbook(String execution) {
    return PlaybookParser.parse(STEPS.formatted(execution), "local-steps.yaml");
  }

  private void script() {
    h.model.answer("summarise", Map.of("summary", "the order is late"));
    h.model.answer("urgency", Map.of("urgency", "high"));
  }

  @Test
  void local_steps_run_in_the_workflow_worker_with_the_same_keys_outputs_and_audit() {
    script();
    AgentWorkflow run = h.start("L-1", playbook("local"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.outputs().get("summarise")).containsEntry("summary", "the order is late");
    assertThat(end.outputs().get("lookup")).containsEntry("ok", true);
    // The model calls ran on the run's own queue, not the tier's model queue.
    assertThat(h.model.taskQueues).containsOnly(TaskQueues.AGENTS);
    assertThat(h.model.requests)
        .extracting(r -> r.idempotencyKey())
        .containsExactly(end.workflowId() + "/summarise", end.workflowId() + "/urgency");
    assertThat(h.actions.effects).containsOnlyKeys(end.workflowId() + "/lookup");
    assertThat(h.audit.ofKind("model"))
        .extracting(AuditEntry::stepId)
        .containsExactlyInAnyOrder("summarise", "urgency");

    WorkflowExecutionHistory history = h.client().fetchHistory(end.workflowId());
    assertThat(localActivityTypes(history))
        .contains("ModelComplete", "ModelComplete", "ActionExecute");
    assertThat(scheduledActivityTypes(history)).doesNotContain("ModelComplete", "ActionExecute");
    // A step's marker keeps its result, not a second copy of its request. (The run's last audit
    // entries are also written by a local activity, in its last workflow task: not a step's.)
    assertThat(localActivityMarkers(history))
        .filteredOn(d -> type(d).equals("ModelComplete") || type(d).equals("ActionExecute"))
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).containsKey("result").doesNotContainKey("input"));
    h.exportHistory(run, "local-model-and-read-steps");
  }

  @Test
  void the_same_playbook_as_activities_schedules_them_and_records_the_same_run() {
    script();
    RunState end = h.result(h.start("A-1", playbook("activity")));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.taskQueues).containsOnly(TaskQueues.MODEL_SMALL);
    assertThat(h.model.requests)
        .extracting(r -> r.idempotencyKey())
        .containsExactly(end.workflowId() + "/summarise", end.workflowId() + "/urgency");
    WorkflowExecutionHistory history = h.client().fetchHistory(end.workflowId());
    assertThat(scheduledActivityTypes(history)).contains("ModelComplete", "ActionExecute");
    assertThat(localActivityTypes(history)).doesNotContain("ModelComplete", "ActionExecute");
  }

  @Test
  void a_local_read_whose_answer_was_lost_is_retried_with_its_key_and_acts_once() {
    script();
    h.actions.failFirst("get", 1);
    RunState end = h.result(h.start("L-2", playbook("local")));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    String key = end.workflowId() + "/lookup";
    assertThat(h.actions.attempts).extracting(ActionRequest::idempotencyKey).containsOnly(key);
    assertThat(h.actions.attempts).hasSize(2);
    assertThat(h.actions.effects).containsOnlyKeys(key);
    assertThat(end.actions()).singleElement().extracting(ActionRecord::replayed).isEqualTo(true);
  }

  @Test
  void a_local_model_step_that_breaks_its_contract_fails_as_an_activity_would_not_retried() {
    h.model.violate("summarise", "summary missing");
    RunState local =
        WorkflowTestHarness.awaitState(
            h.start("L-3", playbook("local")), s -> !s.errors().isEmpty());
    RunState activity =
        WorkflowTestHarness.awaitState(
            h.start("A-3", playbook("activity")), s -> !s.errors().isEmpty());

    assertThat(local.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stepId()).isEqualTo("summarise");
              assertThat(e.type()).isEqualTo(activity.errors().get(0).type());
              assertThat(e.message()).contains("summary missing");
            });
    assertThat(local.status()).isEqualTo(activity.status());
    assertThat(h.model.requests).hasSize(2);
  }

  @Test
  void the_recorded_run_with_local_steps_replays_and_holds_their_markers() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(RECORDED, StandardCharsets.UTF_8));

    assertThat(localActivityTypes(history))
        .contains("ModelComplete", "ModelComplete", "ActionExecute");
    WorkflowReplayer.replayWorkflowExecution(history, AgentWorkflowImpl.class);
  }

  private static List<Map<String, Payloads>> localActivityMarkers(
      WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .filter(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap())
        .toList();
  }

  private static String type(Map<String, Payloads> marker) {
    return marker.get("type").getPayloads(0).getData().toStringUtf8().replace("\"", "");
  }

  private static List<String> localActivityTypes(WorkflowExecutionHistory history) {
    return localActivityMarkers(history).stream().map(LocalStepsTest::type).toList();
  }

  private static List<String> scheduledActivityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .map(a -> a.getActivityType().getName())
        .toList();
  }
}
