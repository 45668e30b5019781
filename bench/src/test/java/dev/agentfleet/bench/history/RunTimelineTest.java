package dev.agentfleet.bench.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import org.junit.jupiter.api.Test;

class RunTimelineTest {

  private static final String WORKER = "100@host";

  /** A two-step run: two model calls of 100 ms and 200 ms, then an audit append of 20 ms. */
  private static History twoStepRun() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 5, 15, WORKER);
    long model1 = h.activityScheduled(15, "ModelComplete");
    h.activityRan(model1, 20, 120, 1, WORKER);
    h.workflowTask(120, 125, 130, WORKER);
    long model2 = h.activityScheduled(130, "ModelComplete");
    h.activityRan(model2, 140, 340, 1, WORKER);
    h.workflowTask(340, 342, 350, WORKER);
    long audit = h.activityScheduled(350, "AuditAppend");
    h.activityRan(audit, 351, 371, 1, WORKER);
    h.workflowTask(371, 373, 380, WORKER);
    h.completed(380);
    return h.build();
  }

  @Test
  void overhead_is_the_wall_time_minus_every_activity_body() {
    RunTimeline t = RunTimeline.of(twoStepRun());

    assertThat(t.closed()).isTrue();
    assertThat(t.closeType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(t.wallNanos()).isEqualTo(380_000_000L);
    assertThat(t.activityBodyNanos()).isEqualTo(320_000_000L);
    assertThat(t.overheadNanos()).isEqualTo(60_000_000L);
    assertThat(t.overheadPerStepMillis(2)).isCloseTo(30.0, within(1e-9));
  }

  @Test
  void splits_the_overhead_into_queue_waits_and_worker_time() {
    RunTimeline t = RunTimeline.of(twoStepRun());

    assertThat(t.workflowTasks()).isEqualTo(4);
    assertThat(t.workflowTaskQueueNanos()).isEqualTo((5 + 5 + 2 + 2) * 1_000_000L);
    assertThat(t.firstWorkflowTaskQueueNanos()).isEqualTo(5_000_000L);
    assertThat(t.workflowTaskRunNanos()).isEqualTo((10 + 5 + 8 + 7) * 1_000_000L);
    assertThat(t.activities()).isEqualTo(3);
    assertThat(t.activityQueueNanos()).isEqualTo((5 + 10 + 1) * 1_000_000L);
    // Everything else: the 60 ms overhead minus 14 + 30 + 16 ms of queues and workflow tasks.
    long other =
        t.overheadNanos()
            - t.workflowTaskQueueNanos()
            - t.workflowTaskRunNanos()
            - t.activityQueueNanos();
    assertThat(other).isZero();
  }

  @Test
  void sums_bodies_by_activity_type() {
    RunTimeline t = RunTimeline.of(twoStepRun());

    assertThat(t.activitiesByType())
        .containsEntry("ModelComplete", 2)
        .containsEntry("AuditAppend", 1);
    assertThat(t.meanBodyMillis("ModelComplete")).isCloseTo(150.0, within(1e-9));
    assertThat(t.meanBodyMillis("AuditAppend")).isCloseTo(20.0, within(1e-9));
    assertThat(t.meanBodyMillis("ActionExecute")).isNaN();
    assertThat(t.localActivities()).isZero();
  }

  @Test
  void a_run_still_going_has_no_overhead_yet() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 1, 2, WORKER);

    RunTimeline t = RunTimeline.of(h.build());

    assertThat(t.closed()).isFalse();
    assertThatThrownBy(t::overheadNanos).hasMessageContaining("has not closed");
  }

  @Test
  void refuses_a_history_without_its_start() {
    Histories h = new Histories();
    h.workflowTaskScheduled(0);

    assertThatThrownBy(() -> RunTimeline.of(h.build()))
        .hasMessageContaining("must begin with WorkflowExecutionStarted");
  }
}
