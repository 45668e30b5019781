package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.stats.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where runs spent the time their activities did not, per step, averaged over a set of runs'
 * timelines: tasks queued (scheduled to started), workflow tasks on the worker, the rest; and apart
 * from that, how long each run waited for a worker to take it up at all (its first workflow task),
 * which a backlog of runs started at once makes long.
 *
 * @param overheadMs wall time minus activity bodies, per step
 * @param workflowTaskQueueMs workflow tasks queued, per step (the first one included)
 * @param laterWorkflowTaskQueueMs workflow tasks after the first, queued, per step
 * @param workflowTaskOnWorkerMs workflow tasks started to completed, per step
 * @param activityQueueMs activity tasks queued, per step
 * @param otherMs the rest of the overhead, per step
 * @param firstTaskWaitSeconds the runs' first workflow tasks, queued
 */
record StepBreakdown(
    int runs,
    double overheadMs,
    double workflowTaskQueueMs,
    double laterWorkflowTaskQueueMs,
    double workflowTaskOnWorkerMs,
    double activityQueueMs,
    double otherMs,
    Percentiles firstTaskWaitSeconds) {

  static StepBreakdown of(List<RunTimeline> timelines, int steps) {
    double n = timelines.size() * (double) steps;
    double overhead = 0;
    double wftQueue = 0;
    double firstQueue = 0;
    double wftRun = 0;
    double actQueue = 0;
    List<Double> firstWaits = new ArrayList<>();
    for (RunTimeline t : timelines) {
      overhead += t.overheadNanos() / 1e6;
      wftQueue += t.workflowTaskQueueNanos() / 1e6;
      wftRun += t.workflowTaskRunNanos() / 1e6;
      actQueue += t.activityQueueNanos() / 1e6;
      if (t.firstWorkflowTaskQueueNanos() >= 0) {
        firstQueue += t.firstWorkflowTaskQueueNanos() / 1e6;
        firstWaits.add(t.firstWorkflowTaskQueueNanos() / 1e9);
      }
    }
    return new StepBreakdown(
        timelines.size(),
        overhead / n,
        wftQueue / n,
        (wftQueue - firstQueue) / n,
        wftRun / n,
        actQueue / n,
        (overhead - wftQueue - wftRun - actQueue) / n,
        Percentiles.of(firstWaits));
  }

  /** The breakdown as result figures. */
  void put(Map<String, Object> figures) {
    Figures.ms(figures, "overheadPerStepMeanMs", overheadMs);
    Figures.ms(figures, "workflowTaskQueuePerStepMeanMs", workflowTaskQueueMs);
    Figures.ms(figures, "laterWorkflowTaskQueuePerStepMeanMs", laterWorkflowTaskQueueMs);
    Figures.ms(figures, "workflowTaskOnWorkerPerStepMeanMs", workflowTaskOnWorkerMs);
    Figures.ms(figures, "activityQueuePerStepMeanMs", activityQueueMs);
    Figures.ms(figures, "otherPerStepMeanMs", otherMs);
    Figures.seconds(figures, "firstWorkflowTaskWaitP50Seconds", firstTaskWaitSeconds.p50());
    Figures.seconds(figures, "firstWorkflowTaskWaitMaxSeconds", firstTaskWaitSeconds.max());
    figures.put("runsInBreakdown", runs);
  }

  /**
   * One sentence: {@code runs waited p50 1.2 s (max 58 s) for a worker to take them up; then each
   * step spent 45 ms beyond its activities: ...}.
   */
  String describe() {
    return String.format(
        Locale.ROOT,
        "runs waited p50 %.1f s (max %.1f s) for their first workflow task; after it, each step"
            + " spent %.0f ms beyond its activities (workflow tasks queued %.0f ms and %.0f ms on"
            + " the worker, activity tasks queued %.0f ms)",
        firstTaskWaitSeconds.p50(),
        firstTaskWaitSeconds.max(),
        overheadMs - (workflowTaskQueueMs - laterWorkflowTaskQueueMs),
        laterWorkflowTaskQueueMs,
        workflowTaskOnWorkerMs,
        activityQueueMs);
  }
}
