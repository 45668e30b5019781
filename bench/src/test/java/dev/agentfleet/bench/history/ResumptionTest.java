package dev.agentfleet.bench.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.bench.history.Resumption.State;
import io.temporal.api.history.v1.History;
import org.junit.jupiter.api.Test;

class ResumptionTest {

  private static final String OLD = "100@host";
  private static final String NEW = "200@host";
  private static final long KILL_MS = 1_000;
  private static final long KILL = Histories.nanosAt(KILL_MS);

  @Test
  void a_model_call_cut_by_the_kill_resumes_when_the_new_worker_starts_its_retry() {
    // given: a model call started on the old worker; the history only shows its retry
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    long model = h.activityScheduled(10, "ModelComplete");
    h.activityRan(model, 11_500, 13_500, 2, NEW);
    h.workflowTask(13_500, 13_510, 13_520, NEW);
    h.completed(13_520);

    // when
    Resumption r = Resumption.of(h.build(), KILL, OLD);

    // then
    assertThat(r.atKill()).isEqualTo(State.MODEL_CALL_RUNNING);
    assertThat(r.resumedNanos()).isEqualTo(Histories.nanosAt(11_500));
    assertThat(r.firstCompletionNanos()).isEqualTo(Histories.nanosAt(13_500));
    assertThat(r.retriedActivities()).isEqualTo(1);
    assertThat(Resumption.identityBefore(h.build(), KILL)).contains(OLD);
  }

  @Test
  void a_workflow_task_started_on_the_dead_worker_resumes_after_it_timed_out() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    long model = h.activityScheduled(10, "ModelComplete");
    h.activityRan(model, 12, 900, 1, OLD);
    long scheduled = h.workflowTaskScheduled(900);
    long started = h.workflowTaskStarted(905, scheduled, OLD);
    h.workflowTaskTimedOut(10_905, scheduled, started);
    h.workflowTask(10_905, 10_910, 10_920, NEW);
    h.completed(10_920);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.WORKFLOW_TASK_RUNNING);
    assertThat(r.resumedNanos()).isEqualTo(Histories.nanosAt(10_910));
    assertThat(r.firstCompletionNanos()).isEqualTo(Histories.nanosAt(10_920));
    assertThat(r.retriedActivities()).isZero();
  }

  @Test
  void an_action_started_on_the_dead_worker_resumes_when_its_retry_starts() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    long action = h.activityScheduled(10, "ActionExecute");
    h.activityRan(action, 31_000, 31_050, 2, NEW);
    h.workflowTask(31_050, 31_060, 31_070, NEW);
    h.completed(31_070);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.ACTION_RUNNING);
    assertThat(r.resumedNanos()).isEqualTo(Histories.nanosAt(31_000));
  }

  @Test
  void a_workflow_task_left_on_the_dead_workers_sticky_queue_is_told_apart() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    long model = h.activityScheduled(10, "ModelComplete");
    h.activityRan(model, 12, 990, 1, OLD);
    long scheduled = h.workflowTaskScheduledSticky(990);
    h.workflowTaskTimedOut(5_990, scheduled, 0);
    h.workflowTask(5_990, 5_995, 6_000, NEW);
    h.completed(6_000);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.WORKFLOW_TASK_STICKY);
    assertThat(r.resumedNanos()).isEqualTo(Histories.nanosAt(5_995));
  }

  @Test
  void an_activity_no_worker_had_started_was_queued() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 990, OLD);
    long action = h.activityScheduled(990, "ActionExecute");
    h.activityRan(action, 4_000, 4_020, 1, NEW);
    h.workflowTask(4_020, 4_030, 4_040, NEW);
    h.completed(4_040);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.ACTIVITY_QUEUED);
    assertThat(r.resumedNanos()).isEqualTo(Histories.nanosAt(4_000));
  }

  @Test
  void a_run_that_closed_before_the_kill_was_not_in_flight() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    h.completed(10);
    History history = h.build();

    Resumption r = Resumption.of(history, KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.CLOSED);
    assertThat(r.resumed()).isFalse();
  }

  @Test
  void a_run_the_killed_workers_last_answer_closed_just_after_the_kill_was_not_held_back() {
    // the last workflow task started before the kill; its answer reached the server 3 ms after
    // (had the kill cut it and the new worker answered it, it was resumed: see
    // a_workflow_task_started_on_the_dead_worker_resumes_after_it_timed_out)
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, OLD);
    long model = h.activityScheduled(10, "ModelComplete");
    h.activityRan(model, 12, 990, 1, OLD);
    h.workflowTask(990, 995, KILL_MS + 3, OLD);
    h.completed(KILL_MS + 3);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.CLOSED_AT_KILL);
    assertThat(r.atKill().onKilledWorker()).isFalse();
    assertThat(r.resumed()).isFalse();
  }

  @Test
  void a_run_started_after_the_kill_was_not_in_flight_either() {
    Histories h = new Histories();
    h.started(2_000);
    h.workflowTask(2_000, 2_010, 2_020, NEW);
    h.completed(2_020);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.NOT_STARTED);
    assertThat(Resumption.identityBefore(h.build(), KILL)).isEmpty();
  }

  private static final String SURVIVOR = "300@host";

  @Test
  void an_activity_running_on_a_worker_that_kept_running_was_not_held_back_by_the_kill() {
    Histories h = new Histories();
    h.started(0);
    h.workflowTask(0, 2, 10, SURVIVOR);
    long model = h.activityScheduled(10, "ModelComplete");
    h.activityRan(model, 12, 2_012, 1, SURVIVOR);
    h.workflowTask(2_012, 2_015, 2_020, SURVIVOR);
    h.completed(2_020);

    Resumption r = Resumption.of(h.build(), KILL, OLD);

    assertThat(r.atKill()).isEqualTo(State.ON_ANOTHER_WORKER);
    assertThat(r.atKill().onKilledWorker()).isFalse();
    assertThat(Resumption.identitiesBefore(h.build(), KILL)).containsExactly(SURVIVOR);
  }

  @Test
  void a_sticky_task_belongs_to_the_worker_that_completed_the_runs_last_task() {
    // given: two runs each waiting on a sticky queue at the kill, one of each worker
    Histories onKilled = new Histories();
    onKilled.started(0);
    onKilled.workflowTask(0, 2, 10, SURVIVOR);
    onKilled.workflowTask(500, 502, 510, OLD);
    long killedQueue = onKilled.workflowTaskScheduledSticky(990);
    onKilled.workflowTaskTimedOut(5_990, killedQueue, 0);
    onKilled.workflowTask(5_990, 5_995, 6_000, SURVIVOR);
    onKilled.completed(6_000);
    Histories onSurvivor = new Histories();
    onSurvivor.started(0);
    onSurvivor.workflowTask(0, 2, 10, OLD);
    onSurvivor.workflowTask(500, 502, 510, SURVIVOR);
    long survivorQueue = onSurvivor.workflowTaskScheduledSticky(990);
    onSurvivor.workflowTaskStarted(1_100, survivorQueue, SURVIVOR);
    onSurvivor.completed(1_200);

    // when
    Resumption held = Resumption.of(onKilled.build(), KILL, OLD);
    Resumption free = Resumption.of(onSurvivor.build(), KILL, OLD);

    // then
    assertThat(held.atKill()).isEqualTo(State.WORKFLOW_TASK_STICKY);
    assertThat(held.atKill().onKilledWorker()).isTrue();
    assertThat(held.resumedNanos()).isEqualTo(Histories.nanosAt(5_995));
    assertThat(free.atKill()).isEqualTo(State.ON_ANOTHER_WORKER);
    assertThat(Resumption.identitiesBefore(onKilled.build(), KILL))
        .as("in the order of their last start")
        .containsExactly(SURVIVOR, OLD);
  }
}
