package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline's figures: the fleet's K-step chain, and the same chain with local steps, as ratios
 * to raw Temporal's K no-op activities on the same server (per-step time, throughput, history
 * bytes), judged against issue 14's targets, and a reading of what the measurement says limits the
 * ratios.
 *
 * @param local the chain with every model step declared {@code execution: local}
 * @param burstRuns the runs each side started at once (its CPU figures are over them)
 */
record BaselineFigures(
    int steps, BaselineSide raw, BaselineSide fleet, BaselineSide local, int burstRuns) {

  static final double THROUGHPUT_RATIO_TARGET = 0.9;

  /** Local steps go below the floor: issue 14 item 3. */
  static final double LOCAL_THROUGHPUT_RATIO_TARGET = 1.3;

  static final double STEP_RATIO_TARGET = 1.15;
  static final double HISTORY_BYTES_RATIO_TARGET = 2;

  /** Issue 14: the fleet worker's CPU per workflow task, in ms. */
  static final double WORKFLOW_TASK_CPU_MS_TARGET = 3;

  /** Timed ratios move by this much from run to run on a shared machine; bytes do not move. */
  static final double NOISE = 0.10;

  double rawStepP50Ms() {
    return raw.stepP50Ms(steps);
  }

  double fleetStepP50Ms() {
    return fleet.stepP50Ms(steps);
  }

  double stepRatioP50() {
    return ratio(fleetStepP50Ms(), rawStepP50Ms());
  }

  double throughputRatio() {
    return ratio(fleet.steadyRunsPerSecond(), raw.steadyRunsPerSecond());
  }

  double historyBytesRatio() {
    return ratio(fleet.historyBytes(), raw.historyBytes());
  }

  double localStepP50Ms() {
    return local.stepP50Ms(steps);
  }

  double localStepRatioP50() {
    return ratio(localStepP50Ms(), rawStepP50Ms());
  }

  double localThroughputRatio() {
    return ratio(local.steadyRunsPerSecond(), raw.steadyRunsPerSecond());
  }

  double localHistoryBytesRatio() {
    return ratio(local.historyBytes(), raw.historyBytes());
  }

  double fleetWorkflowTaskCpuMs() {
    return fleet.workerCpuPerWorkflowTaskMs(burstRuns);
  }

  double rawWorkflowTaskCpuMs() {
    return raw.workerCpuPerWorkflowTaskMs(burstRuns);
  }

  /** Every figure, the ratios and what they are made of first. */
  Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    Figures.ms(f, "rawStepP50Ms", rawStepP50Ms());
    Figures.ms(f, "fleetStepP50Ms", fleetStepP50Ms());
    f.put("stepRatioP50", Figures.round(stepRatioP50()));
    f.put("rawRunsPerSecond", Figures.round(raw.steadyRunsPerSecond()));
    f.put("fleetRunsPerSecond", Figures.round(fleet.steadyRunsPerSecond()));
    f.put("throughputRatio", Figures.round(throughputRatio()));
    f.put("rawHistoryEvents", raw.historyEvents());
    f.put("rawHistoryBytes", raw.historyBytes());
    f.put("fleetHistoryEvents", fleet.historyEvents());
    f.put("fleetHistoryBytes", fleet.historyBytes());
    f.put("historyBytesRatio", Figures.round(historyBytesRatio()));
    Figures.ms(f, "fleetLocalStepP50Ms", localStepP50Ms());
    f.put("localStepRatioP50", Figures.round(localStepRatioP50()));
    f.put("fleetLocalRunsPerSecond", Figures.round(local.steadyRunsPerSecond()));
    f.put("localThroughputRatio", Figures.round(localThroughputRatio()));
    f.put("fleetLocalHistoryEvents", local.historyEvents());
    f.put("fleetLocalHistoryBytes", local.historyBytes());
    f.put("localHistoryBytesRatio", Figures.round(localHistoryBytesRatio()));
    cpuPerWorkflowTask(f, "raw", raw);
    cpuPerWorkflowTask(f, "fleet", fleet);
    cpuPerWorkflowTask(f, "fleetLocal", local);
    side(f, "raw", raw);
    side(f, "fleet", fleet);
    side(f, "fleetLocal", local);
    f.put("fleetLocalLocalActivitiesPerRun", Figures.round(local.localActivitiesPerRun()));
    f.put("machineCores", Runtime.getRuntime().availableProcessors());
    return f;
  }

  /** A side's worker CPU per workflow task and the samples it rests on, when measured. */
  private void cpuPerWorkflowTask(Map<String, Object> f, String name, BaselineSide side) {
    double ms = side.workerCpuPerWorkflowTaskMs(burstRuns);
    if (Double.isNaN(ms) || side.cpuSplit() == null) {
      return;
    }
    Figures.ms(f, name + "WorkerCpuPerWorkflowTaskMs", ms);
    f.put(name + "WorkflowTaskCpuShare", Figures.round(side.cpuSplit().workflowTaskShare()));
    Figures.ms(
        f,
        name + "WorkflowCodeCpuPerWorkflowTaskMs",
        side.workflowCodeCpuPerWorkflowTaskMs(burstRuns));
    f.put(name + "CpuSamples", side.cpuSplit().samples());
  }

  private void side(Map<String, Object> f, String name, BaselineSide side) {
    f.put(name + "OverallRunsPerSecond", Figures.round(side.overallRunsPerSecond()));
    f.put(name + "WorkflowTasksPerRun", Figures.round(side.workflowTasksPerRun()));
    f.put(name + "ActivitiesPerRun", Figures.round(side.activitiesPerRun()));
    Figures.ms(
        f, name + "WorkflowTaskOnWorkerPerStepMeanMs", side.workflowTaskOnWorkerPerStepMs(steps));
    Figures.ms(f, name + "ActivityBodyPerStepMeanMs", side.activityBodyPerStepMs(steps));
    Figures.ms(f, name + "QueuedPerStepMeanMs", side.queuedPerStepMs(steps));
    f.put(name + "RunsTimed", side.sequential().size());
    double serverMs = side.devServerCpuPerRunMs(burstRuns);
    if (!Double.isNaN(serverMs)) {
      Figures.ms(f, name + "DevServerCpuPerRunMs", serverMs);
    }
    for (Map.Entry<String, String> cpu :
        Map.of("worker", "CpuWorkerCores", "devServer", "CpuDevServerCores").entrySet()) {
      Double cores = side.cores().get(cpu.getKey());
      if (cores != null) {
        f.put(name + cpu.getValue(), cores);
      }
    }
  }

  /** Issue 14's targets for the ratios. */
  List<TargetCheck> targets() {
    return List.of(
        TargetCheck.judge(
            "throughputRatio",
            "runs per second, fleet / raw Temporal",
            "x",
            Comparison.AT_LEAST,
            THROUGHPUT_RATIO_TARGET,
            NOISE,
            throughputRatio()),
        TargetCheck.judge(
            "stepRatioP50",
            "time per step p50, fleet / raw Temporal",
            "x",
            Comparison.AT_MOST,
            STEP_RATIO_TARGET,
            NOISE,
            stepRatioP50()),
        TargetCheck.judge(
            "historyBytesRatio",
            "history bytes per run, fleet / raw Temporal",
            "x",
            Comparison.AT_MOST,
            HISTORY_BYTES_RATIO_TARGET,
            0,
            historyBytesRatio()),
        TargetCheck.judge(
            "localThroughputRatio",
            "runs per second, the fleet with local steps / raw Temporal",
            "x",
            Comparison.AT_LEAST,
            LOCAL_THROUGHPUT_RATIO_TARGET,
            NOISE,
            localThroughputRatio()),
        TargetCheck.judge(
            "fleetWorkerCpuPerWorkflowTaskMs",
            "the fleet worker's CPU per workflow task",
            "ms",
            Comparison.AT_MOST,
            WORKFLOW_TASK_CPU_MS_TARGET,
            NOISE,
            fleetWorkflowTaskCpuMs()));
  }

  /** What the measurement says limits the ratios, one paragraph from the figures. */
  String limits() {
    Map.Entry<String, Long> largest = fleet.largestEventType();
    return String.format(
        Locale.ROOT,
        "a step takes %.1f ms on the fleet against %.1f ms on raw Temporal (x%.2f): a %d-step run"
            + " is %.0f workflow tasks and %.0f activities against %.0f and %.0f; per step its"
            + " workflow tasks take %.1f ms on the worker against %.1f, its activity bodies %.1f ms"
            + " against %.1f, and tasks wait %.1f ms in the server's queues against %.1f."
            + " Throughput x%.2f (%.1f against %.1f runs/s): %s against %s%s. A run's history is"
            + " %d bytes in %d events against %d in %d (x%.1f); the largest part is its %s events (%d"
            + " bytes). With local steps a step takes %.1f ms (x%.2f) and the fleet makes %.1f"
            + " runs/s (x%.2f): per run, workflow tasks %.0f, activities %.0f, local activities"
            + " %.0f; its history %d bytes in %d events (x%.1f). %s",
        fleetStepP50Ms(),
        rawStepP50Ms(),
        stepRatioP50(),
        steps,
        fleet.workflowTasksPerRun(),
        fleet.activitiesPerRun(),
        raw.workflowTasksPerRun(),
        raw.activitiesPerRun(),
        fleet.workflowTaskOnWorkerPerStepMs(steps),
        raw.workflowTaskOnWorkerPerStepMs(steps),
        fleet.activityBodyPerStepMs(steps),
        raw.activityBodyPerStepMs(steps),
        fleet.queuedPerStepMs(steps),
        raw.queuedPerStepMs(steps),
        throughputRatio(),
        fleet.steadyRunsPerSecond(),
        raw.steadyRunsPerSecond(),
        cpu("the fleet's worker", fleet),
        cpu("the raw worker", raw),
        busy(fleet, raw),
        fleet.historyBytes(),
        fleet.historyEvents(),
        raw.historyBytes(),
        raw.historyEvents(),
        historyBytesRatio(),
        largest.getKey(),
        largest.getValue(),
        localStepP50Ms(),
        localStepRatioP50(),
        local.steadyRunsPerSecond(),
        localThroughputRatio(),
        local.workflowTasksPerRun(),
        local.activitiesPerRun(),
        local.localActivitiesPerRun(),
        local.historyBytes(),
        local.historyEvents(),
        localHistoryBytesRatio(),
        workflowTaskCpu());
  }

  /** The workers' CPU per workflow task, from their flight recordings. */
  private String workflowTaskCpu() {
    if (fleet.cpuSplit() == null || raw.cpuSplit() == null) {
      return "The workers' CPU per workflow task is unknown (no flight recording read)";
    }
    double fleetMs = fleetWorkflowTaskCpuMs();
    double rawMs = rawWorkflowTaskCpuMs();
    double fleetCode = fleet.workflowCodeCpuPerWorkflowTaskMs(burstRuns);
    double rawCode = raw.workflowCodeCpuPerWorkflowTaskMs(burstRuns);
    return String.format(
        Locale.ROOT,
        "Worker CPU per workflow task over the runs started at once: %.1f ms on the fleet against"
            + " %.1f on raw Temporal (%.0f %% and %.0f %% of each worker's sampled CPU in workflow"
            + " tasks, the rest in activities); of it, %.1f ms against %.1f under the workflow's own"
            + " code and the SDK calls it makes, %.1f against %.1f in the SDK's handling of the"
            + " task around it",
        fleetMs,
        rawMs,
        fleet.cpuSplit().workflowTaskShare() * 100,
        raw.cpuSplit().workflowTaskShare() * 100,
        fleetCode,
        rawCode,
        fleetMs - fleetCode,
        rawMs - rawCode);
  }

  private String cpu(String worker, BaselineSide side) {
    Double cores = side.cores().get("worker");
    Double server = side.cores().get("devServer");
    if (cores == null || server == null) {
      return worker + " (CPU unknown)";
    }
    double serverMs = side.devServerCpuPerRunMs(burstRuns);
    return String.format(
            Locale.ROOT, "%s on %.2f cores and the dev server on %.2f", worker, cores, server)
        + (Double.isNaN(serverMs)
            ? ""
            : String.format(Locale.ROOT, " (%.0f ms of its CPU a run)", serverMs));
  }

  /** How busy the whole machine was, which says how much of the figures other processes took. */
  private static String busy(BaselineSide fleet, BaselineSide raw) {
    Double fleetBusy = fleet.cores().get("machineBusy");
    Double rawBusy = raw.cores().get("machineBusy");
    if (fleetBusy == null || rawBusy == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        " (the machine's %d cores %.0f %% and %.0f %% busy, the rest other processes)",
        Runtime.getRuntime().availableProcessors(),
        fleetBusy * 100,
        rawBusy * 100);
  }

  private static double ratio(double of, double to) {
    return to > 0 ? of / to : Double.NaN;
  }
}
