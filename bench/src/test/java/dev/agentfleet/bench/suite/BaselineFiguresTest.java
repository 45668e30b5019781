package dev.agentfleet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.bench.fleet.WorkerCpuSplit;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.Verdict;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BaselineFiguresTest {

  private static final long MS = 1_000_000L;

  /**
   * A closed run of {@code wallMs} with the given tasks, activity bodies, queue times and local
   * activities.
   */
  private static RunTimeline run(
      long wallMs,
      int workflowTasks,
      long onWorkerMs,
      int activities,
      long bodiesMs,
      long queuedMs,
      int localActivities) {
    return new RunTimeline(
        0,
        wallMs * MS,
        wallMs * MS,
        activities,
        bodiesMs * MS,
        queuedMs * MS / 2,
        workflowTasks,
        queuedMs * MS - queuedMs * MS / 2,
        onWorkerMs * MS,
        localActivities,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        MS,
        Map.of(),
        Map.of());
  }

  /** A burst of ten seconds, over which the CPU figures are taken. */
  private static final BaselineSide.Window TEN_SECONDS =
      new BaselineSide.Window(
          Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:00:10Z"));

  private static BaselineSide raw() {
    return new BaselineSide(
        List.of(run(60, 6, 6, 5, 5, 30, 0), run(50, 6, 6, 5, 5, 30, 0), run(70, 6, 6, 5, 5, 30, 0)),
        20.0,
        18.0,
        33,
        2_000,
        Map.of("ACTIVITY_TASK_SCHEDULED", 900L, "WORKFLOW_EXECUTION_STARTED", 300L),
        Map.of("worker", 0.3, "devServer", 1.2),
        null,
        null);
  }

  private static BaselineSide fleet() {
    return new BaselineSide(
        List.of(
            run(100, 7, 45, 6, 30, 35, 0),
            run(90, 7, 45, 6, 30, 35, 0),
            run(110, 7, 45, 6, 30, 35, 0)),
        12.0,
        11.0,
        41,
        12_000,
        Map.of("ACTIVITY_TASK_SCHEDULED", 2_000L, "WORKFLOW_EXECUTION_STARTED", 9_500L),
        Map.of("worker", 1.1, "devServer", 0.8),
        null,
        null);
  }

  /** The chain with local steps: two workflow tasks, the audit activity, six local markers. */
  private static BaselineSide local() {
    List<RunTimeline> runs =
        List.of(run(40, 2, 30, 1, 6, 4, 6), run(35, 2, 30, 1, 6, 4, 6), run(45, 2, 30, 1, 6, 4, 6));
    Map<String, Long> bytes =
        Map.of("MARKER_RECORDED", 4_000L, "WORKFLOW_EXECUTION_STARTED", 3_000L);
    return new BaselineSide(runs, 30.0, 28.0, 25, 9_000, bytes, Map.of("worker", 1.4), null, null);
  }

  @Test
  void ratios_are_the_fleet_over_raw_temporal_per_step_per_second_and_per_history() {
    BaselineFigures figures = new BaselineFigures(5, raw(), fleet(), local(), 200);

    Map<String, Object> f = figures.figures();

    // Walls / 5 steps: raw 10, 12, 14 ms (p50 12); fleet 18, 20, 22 ms (p50 20).
    assertThat(f)
        .containsEntry("rawStepP50Ms", 12.0)
        .containsEntry("fleetStepP50Ms", 20.0)
        .containsEntry("stepRatioP50", 1.667)
        .containsEntry("rawRunsPerSecond", 20.0)
        .containsEntry("fleetRunsPerSecond", 12.0)
        .containsEntry("throughputRatio", 0.6)
        .containsEntry("rawHistoryEvents", 33)
        .containsEntry("rawHistoryBytes", 2_000L)
        .containsEntry("fleetHistoryEvents", 41)
        .containsEntry("fleetHistoryBytes", 12_000L)
        .containsEntry("historyBytesRatio", 6.0)
        .containsEntry("fleetWorkflowTasksPerRun", 7.0)
        .containsEntry("rawActivitiesPerRun", 5.0)
        .containsEntry("fleetWorkflowTaskOnWorkerPerStepMeanMs", 9.0)
        .containsEntry("rawQueuedPerStepMeanMs", 6.0)
        .containsEntry("fleetCpuWorkerCores", 1.1)
        // Local walls / 5 steps: 8, 7, 9 ms (p50 8).
        .containsEntry("fleetLocalStepP50Ms", 8.0)
        .containsEntry("localStepRatioP50", 0.667)
        .containsEntry("fleetLocalRunsPerSecond", 30.0)
        .containsEntry("localThroughputRatio", 1.5)
        .containsEntry("fleetLocalHistoryEvents", 25)
        .containsEntry("fleetLocalHistoryBytes", 9_000L)
        .containsEntry("localHistoryBytesRatio", 4.5)
        .containsEntry("fleetLocalWorkflowTasksPerRun", 2.0)
        .containsEntry("fleetLocalLocalActivitiesPerRun", 6.0);
  }

  @Test
  void a_fleet_below_the_floor_misses_its_three_targets_and_local_steps_can_still_pass() {
    List<TargetCheck> targets = new BaselineFigures(5, raw(), fleet(), local(), 200).targets();

    assertThat(
            targets.stream().collect(Collectors.toMap(TargetCheck::figure, TargetCheck::verdict)))
        .containsEntry("throughputRatio", Verdict.MISS)
        .containsEntry("stepRatioP50", Verdict.MISS)
        .containsEntry("historyBytesRatio", Verdict.MISS)
        .containsEntry("localThroughputRatio", Verdict.PASS);
  }

  @Test
  void a_fleet_on_the_floor_meets_the_floor_targets_but_local_steps_must_go_below_it() {
    Map<String, TargetCheck> targets =
        new BaselineFigures(5, raw(), raw(), raw(), 200)
            .targets().stream().collect(Collectors.toMap(TargetCheck::figure, t -> t));

    assertThat(targets.values())
        .filteredOn(t -> t.figure().contains("Ratio"))
        .extracting(TargetCheck::measured)
        .containsOnly(1.0);
    assertThat(targets)
        .hasEntrySatisfying("throughputRatio", t -> assertThat(t.verdict()).isEqualTo(Verdict.PASS))
        .hasEntrySatisfying("stepRatioP50", t -> assertThat(t.verdict()).isEqualTo(Verdict.PASS))
        .hasEntrySatisfying(
            "historyBytesRatio", t -> assertThat(t.verdict()).isEqualTo(Verdict.PASS))
        // 1.0x raw is short of 1.3x, by more than the noise margin.
        .hasEntrySatisfying(
            "localThroughputRatio", t -> assertThat(t.verdict()).isEqualTo(Verdict.MISS));
  }

  @Test
  void history_bytes_have_no_noise_margin_but_timed_ratios_do() {
    BaselineSide slightlyBigger =
        new BaselineSide(raw().sequential(), 19.0, 18.0, 33, 4_100, Map.of(), Map.of(), null, null);
    Map<String, Verdict> verdicts =
        new BaselineFigures(5, raw(), slightlyBigger, local(), 200)
            .targets().stream()
                .collect(Collectors.toMap(TargetCheck::figure, TargetCheck::verdict));

    assertThat(verdicts)
        .containsEntry("historyBytesRatio", Verdict.MISS) // 2.05x against <= 2x
        .containsEntry("throughputRatio", Verdict.PASS); // 0.95x against >= 0.9x
  }

  @Test
  void the_reading_names_what_the_fleet_does_more_than_raw_temporal() {
    String limits = new BaselineFigures(5, raw(), fleet(), local(), 200).limits();

    assertThat(limits)
        .contains("a step takes 20.0 ms on the fleet against 12.0 ms on raw Temporal (x1.67)")
        .contains("7 workflow tasks and 6 activities against 6 and 5")
        .contains("workflow tasks take 9.0 ms on the worker against 1.2")
        .contains("activity bodies 6.0 ms against 1.0")
        .contains("the fleet's worker on 1.10 cores and the dev server on 0.80")
        .contains("12000 bytes in 41 events against 2000 in 33 (x6.0)")
        .contains("the largest part is its WORKFLOW_EXECUTION_STARTED events (9500 bytes)")
        .contains(
            "With local steps a step takes 8.0 ms (x0.67) and the fleet makes 30.0 runs/s (x1.50):"
                + " per run, workflow tasks 2, activities 1, local activities 6; its history"
                + " 9000 bytes in 25 events (x4.5)");
  }

  @Test
  void worker_cpu_per_workflow_task_is_its_cpu_times_the_workflow_tasks_share_over_their_count() {
    // 0.5 cores for 10 s = 5,000 ms of CPU; 60 % of the placed samples in workflow tasks; 200 runs
    // of 6 workflow tasks: 5,000 * 0.6 / 1,200 = 2.5 ms.
    BaselineSide fleet =
        withWorker(fleetWithTasks(6), 0.5, TEN_SECONDS, new WorkerCpuSplit(600, 400, 100, 150));
    BaselineSide raw = withWorker(raw(), 0.2, TEN_SECONDS, new WorkerCpuSplit(100, 300, 50, 10));

    BaselineFigures figures = new BaselineFigures(5, raw, fleet, local(), 200);

    assertThat(figures.figures())
        .containsEntry("fleetWorkerCpuPerWorkflowTaskMs", 2.5)
        .containsEntry("fleetWorkflowTaskCpuShare", 0.6)
        .containsEntry("fleetCpuSamples", 1_100L)
        // a quarter of the fleet's workflow-task samples under its own code: 2.5 * 150 / 600
        .containsEntry("fleetWorkflowCodeCpuPerWorkflowTaskMs", 0.63)
        // 2,000 ms * 0.25 / 1,200
        .containsEntry("rawWorkerCpuPerWorkflowTaskMs", 0.42)
        .doesNotContainKey("fleetLocalWorkerCpuPerWorkflowTaskMs");
    assertThat(verdicts(figures)).containsEntry("fleetWorkerCpuPerWorkflowTaskMs", Verdict.PASS);
    assertThat(figures.limits())
        .contains(
            "Worker CPU per workflow task over the runs started at once: 2.5 ms on the fleet"
                + " against 0.4 on raw Temporal (60 % and 25 %")
        .contains(
            "of it, 0.6 ms against 0.0 under the workflow's own code and the SDK calls it makes,"
                + " 1.9 against 0.4 in the SDK's handling of the task around it");
  }

  @Test
  void the_dev_servers_cpu_per_run_is_its_cores_over_the_burst_divided_by_the_runs() {
    // 1.25 cores for 10 s = 12,500 ms of the server's CPU over 200 runs: 62.5 ms a run (63 in the
    // text)
    BaselineSide fleet = withCores(fleet(), Map.of("worker", 0.5, "devServer", 1.25), TEN_SECONDS);
    BaselineSide raw = withCores(raw(), Map.of("worker", 0.3, "devServer", 0.8), TEN_SECONDS);

    BaselineFigures figures = new BaselineFigures(5, raw, fleet, local(), 200);

    assertThat(figures.figures())
        .containsEntry("fleetDevServerCpuPerRunMs", 62.5)
        .containsEntry("rawDevServerCpuPerRunMs", 40.0)
        .doesNotContainKey("fleetLocalDevServerCpuPerRunMs");
    assertThat(figures.limits())
        .contains("the dev server on 1.25 (63 ms of its CPU a run)")
        .contains("the dev server on 0.80 (40 ms of its CPU a run)");
  }

  @Test
  void without_a_recording_the_cpu_target_is_an_error_not_a_pass() {
    BaselineFigures figures = new BaselineFigures(5, raw(), fleet(), local(), 200);

    assertThat(verdicts(figures)).containsEntry("fleetWorkerCpuPerWorkflowTaskMs", Verdict.ERROR);
    assertThat(figures.figures()).doesNotContainKey("fleetWorkerCpuPerWorkflowTaskMs");
    assertThat(figures.limits()).contains("CPU per workflow task is unknown");
  }

  private static BaselineSide fleetWithTasks(int workflowTasks) {
    return new BaselineSide(
        List.of(run(100, workflowTasks, 45, 5, 30, 35, 0)),
        12.0,
        11.0,
        41,
        12_000,
        Map.of(),
        Map.of(),
        null,
        null);
  }

  private static BaselineSide withCores(
      BaselineSide side, Map<String, Double> cores, BaselineSide.Window burst) {
    return new BaselineSide(
        side.sequential(),
        side.steadyRunsPerSecond(),
        side.overallRunsPerSecond(),
        side.historyEvents(),
        side.historyBytes(),
        side.historyBytesByType(),
        cores,
        burst,
        null);
  }

  private static BaselineSide withWorker(
      BaselineSide side, double cores, BaselineSide.Window burst, WorkerCpuSplit split) {
    return withCores(side, Map.of("worker", cores), burst).withCpuSplit(split);
  }

  private static Map<String, Verdict> verdicts(BaselineFigures figures) {
    return figures.targets().stream()
        .collect(Collectors.toMap(TargetCheck::figure, TargetCheck::verdict));
  }

  @Test
  void history_bytes_are_summed_by_event_type() {
    HistoryEvent started =
        HistoryEvent.newBuilder()
            .setEventId(1)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .setWorkflowExecutionStartedEventAttributes(
                WorkflowExecutionStartedEventAttributes.newBuilder().setIdentity("x".repeat(500)))
            .build();
    HistoryEvent task =
        HistoryEvent.newBuilder()
            .setEventId(2)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
            .build();
    HistoryEvent task2 = task.toBuilder().setEventId(3).build();
    History history =
        History.newBuilder().addEvents(started).addEvents(task).addEvents(task2).build();

    Map<String, Long> bytes = BaselineSide.bytesByType(history);

    assertThat(bytes)
        .containsOnlyKeys("WORKFLOW_EXECUTION_STARTED", "WORKFLOW_TASK_SCHEDULED")
        .containsEntry("WORKFLOW_EXECUTION_STARTED", (long) started.getSerializedSize())
        .containsEntry(
            "WORKFLOW_TASK_SCHEDULED", (long) task.getSerializedSize() + task2.getSerializedSize());
    assertThat(bytes.get("WORKFLOW_EXECUTION_STARTED")).isGreaterThan(500L);
  }

  @Test
  void a_side_without_timed_runs_is_refused() {
    assertThatThrownBy(
            () -> new BaselineSide(List.of(), 1, 1, 1, 1, Map.of(), Map.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one timed run");
  }

  @Test
  void fewer_than_ten_runs_started_at_once_are_refused_by_name() {
    assertThatThrownBy(() -> new BaselineBench(9, 5, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--runs must be at least 10");
    assertThatThrownBy(() -> new BaselineBench(60, 5, 0, 0))
        .hasMessageContaining("--timed-runs must be at least 1");
  }
}
