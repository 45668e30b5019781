package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.fleet.WorkerCpuSplit;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.stats.Percentiles;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the baseline benchmark measured of one side (raw Temporal or the fleet): the timelines of
 * runs made one at a time, the completion rate of runs started at once, one run's history and the
 * CPU use while the runs started at once went through.
 *
 * @param sequential timelines of the runs made one after the other
 * @param steadyRunsPerSecond completions per second between the 10 % and the 90 % completion
 * @param overallRunsPerSecond runs divided by first start to last close
 * @param historyEvents the events of one run's history
 * @param historyBytes that history's serialized size
 * @param historyBytesByType that history's bytes by event type ({@code ActivityTaskScheduled} ...)
 * @param cores CPU use over the runs started at once, by process ({@code worker}, {@code
 *     devServer}, {@code bench}) and {@code machineBusy}; empty when unknown
 * @param burst when the runs started at once were started and when the last one closed; null when
 *     unknown
 * @param cpuSplit the worker's CPU samples over {@code burst}, split between workflow tasks and
 *     activities; null when its recording could not be read
 */
record BaselineSide(
    List<RunTimeline> sequential,
    double steadyRunsPerSecond,
    double overallRunsPerSecond,
    int historyEvents,
    long historyBytes,
    Map<String, Long> historyBytesByType,
    Map<String, Double> cores,
    Window burst,
    WorkerCpuSplit cpuSplit) {

  /** A span of wall-clock time. */
  record Window(Instant from, Instant to) {
    Duration length() {
      return Duration.between(from, to);
    }
  }

  BaselineSide {
    if (sequential.isEmpty()) {
      throw new IllegalArgumentException("a side of the baseline needs at least one timed run");
    }
    sequential = List.copyOf(sequential);
    historyBytesByType = Map.copyOf(historyBytesByType);
    cores = Map.copyOf(cores);
  }

  /** A history's bytes by event type, each event's own serialized size. */
  static Map<String, Long> bytesByType(History history) {
    Map<String, Long> bytes = new TreeMap<>();
    for (HistoryEvent event : history.getEventsList()) {
      String type = event.getEventType().name().replaceFirst("^EVENT_TYPE_", "");
      bytes.merge(type, (long) event.getSerializedSize(), Long::sum);
    }
    return bytes;
  }

  /** Run wall time divided by the steps, p50 over the runs made one at a time, in ms. */
  double stepP50Ms(int steps) {
    return Percentiles.of(sequential.stream().map(t -> t.wallNanos() / 1e6 / steps).toList()).p50();
  }

  double workflowTasksPerRun() {
    return sequential.stream().mapToInt(RunTimeline::workflowTasks).average().orElseThrow();
  }

  double activitiesPerRun() {
    return sequential.stream().mapToInt(RunTimeline::activities).average().orElseThrow();
  }

  /** Local activities (their markers) per run: zero unless steps run local. */
  double localActivitiesPerRun() {
    return sequential.stream().mapToInt(RunTimeline::localActivities).average().orElseThrow();
  }

  /** Workflow tasks started to completed, per step, mean over the runs, in ms. */
  double workflowTaskOnWorkerPerStepMs(int steps) {
    return perStep(sequential.stream().mapToLong(RunTimeline::workflowTaskRunNanos).sum(), steps);
  }

  /** Activity bodies (started to completed), per step, in ms. */
  double activityBodyPerStepMs(int steps) {
    return perStep(sequential.stream().mapToLong(RunTimeline::activityBodyNanos).sum(), steps);
  }

  /** Workflow and activity tasks queued at the server (scheduled to started), per step, in ms. */
  double queuedPerStepMs(int steps) {
    return perStep(
        sequential.stream()
            .mapToLong(t -> t.workflowTaskQueueNanos() + t.activityQueueNanos())
            .sum(),
        steps);
  }

  /** This side with the worker's CPU split over its burst. */
  BaselineSide withCpuSplit(WorkerCpuSplit split) {
    return new BaselineSide(
        sequential,
        steadyRunsPerSecond,
        overallRunsPerSecond,
        historyEvents,
        historyBytes,
        historyBytesByType,
        cores,
        burst,
        split);
  }

  /**
   * The worker's CPU per workflow task over the burst of {@code runs} runs, in ms: its measured CPU
   * (cores times the burst's length) times the workflow tasks' share of its samples, divided by the
   * burst's workflow tasks (runs times the workflow tasks of a timed run). NaN when not measured.
   */
  double workerCpuPerWorkflowTaskMs(int runs) {
    Double workerCores = cores.get("worker");
    if (workerCores == null || burst == null || cpuSplit == null || runs <= 0) {
      return Double.NaN;
    }
    double cpuMs = workerCores * burst.length().toNanos() / 1e6;
    return cpuMs * cpuSplit.workflowTaskShare() / (runs * workflowTasksPerRun());
  }

  /**
   * The dev server's CPU per run over the burst of {@code runs} runs, in ms: its measured CPU
   * (cores times the burst's length) over the runs, its starts included. On a machine whose server
   * is the busiest process this is what bounds the rate. NaN when not measured.
   */
  double devServerCpuPerRunMs(int runs) {
    Double server = cores.get("devServer");
    if (server == null || burst == null || runs <= 0) {
      return Double.NaN;
    }
    return server * burst.length().toNanos() / 1e6 / runs;
  }

  /**
   * The part of {@link #workerCpuPerWorkflowTaskMs} spent under the workflow's own code and the SDK
   * calls it makes ({@link WorkerCpuSplit#workflowCodeShare}); NaN when not measured.
   */
  double workflowCodeCpuPerWorkflowTaskMs(int runs) {
    double ms = workerCpuPerWorkflowTaskMs(runs);
    return Double.isNaN(ms) ? Double.NaN : ms * cpuSplit.workflowCodeShare();
  }

  /** The event type that holds most of the history's bytes. */
  Map.Entry<String, Long> largestEventType() {
    return historyBytesByType.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .orElse(Map.entry("none", 0L));
  }

  private double perStep(long nanos, int steps) {
    return nanos / 1e6 / steps / sequential.size();
  }
}
