package dev.agentfleet.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawChainWorkflowTest {

  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(RawWorkerMain.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RawChainWorkflowImpl.class);
    worker.registerActivitiesImplementations(new RawStepActivitiesImpl());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void runs_its_activity_k_times_in_sequence_and_nothing_else() {
    WorkflowClient client = env.getWorkflowClient();
    RawChainWorkflow run =
        client.newWorkflowStub(
            RawChainWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(RawWorkerMain.TASK_QUEUE)
                .setWorkflowId("raw-chain/t-1")
                .build());

    int done = run.run("a note", 4);

    assertThat(done).isEqualTo(4);
    List<HistoryEvent> events = client.fetchHistory("raw-chain/t-1").getEvents();
    List<HistoryEvent> scheduled =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .toList();
    assertThat(scheduled)
        .hasSize(4)
        .allSatisfy(
            e ->
                assertThat(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                    .isEqualTo("RawStep"));
    // In sequence: each activity completes before the next is scheduled.
    long completedBefore = 0;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        completedBefore++;
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        assertThat(completedBefore).isEqualTo(scheduled.indexOf(e));
      }
    }
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void the_worker_reads_the_fleet_workers_tuning_variables_with_their_defaults() {
    assertThat(RawWorkerMain.setting(Map.of(), "FLEET_WORKFLOW_POLLERS", 16)).isEqualTo(16);
    assertThat(
            RawWorkerMain.setting(
                Map.of("FLEET_WORKFLOW_POLLERS", " 4 "), "FLEET_WORKFLOW_POLLERS", 16))
        .isEqualTo(4);
    assertThatThrownBy(
            () ->
                RawWorkerMain.setting(Map.of("FLEET_MODEL_SLOTS", "many"), "FLEET_MODEL_SLOTS", 1))
        .hasMessage("FLEET_MODEL_SLOTS must be a whole number, got 'many'");
    assertThatThrownBy(
            () -> RawWorkerMain.setting(Map.of("FLEET_MODEL_SLOTS", "0"), "FLEET_MODEL_SLOTS", 1))
        .hasMessage("FLEET_MODEL_SLOTS must be 1 or more, got 0");
  }
}
