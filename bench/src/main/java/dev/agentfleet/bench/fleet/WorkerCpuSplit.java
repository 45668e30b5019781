package dev.agentfleet.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a worker JVM's CPU went while a window of runs went through, from its Java Flight Recorder
 * execution samples: those taken in workflow tasks (polling for them, replaying history, running
 * workflow code, answering with commands), those in activities and local activities (polling,
 * running and answering), and the rest (gRPC's event loops and other threads both share).
 *
 * <p>A sample is a thread seen running Java code at one instant, so the counts are proportional to
 * CPU time, not CPU time; {@link #workflowTaskShare()} turns them into a share of the worker's
 * measured CPU, giving the rest (and the JIT compiler and garbage collector, which are not sampled)
 * to both parts in proportion.
 *
 * @param workflowTaskSamples samples in workflow-task code of the SDK or in workflow code
 * @param activitySamples samples in activity or local-activity code
 * @param otherSamples samples in neither
 * @param workflowCodeSamples those of the workflow-task samples with one of this project's frames
 *     ({@value #OWN_CODE}) on the stack: the workflow's own code (the fleet's, with its
 *     interceptors; raw Temporal's chain in {@code bench}) and the SDK calls it makes, as against
 *     the SDK's handling of the task around it (polling, replaying the history, the state machines,
 *     answering with commands)
 */
public record WorkerCpuSplit(
    long workflowTaskSamples, long activitySamples, long otherSamples, long workflowCodeSamples) {

  /** The package prefix of the project's code, workflows and raw Temporal's chain alike. */
  public static final String OWN_CODE = "dev.agentfleet.";

  /** Where a sample's stack says its thread was. */
  public enum Part {
    WORKFLOW_TASK,
    ACTIVITY,
    OTHER
  }

  /**
   * The JVM option that makes a worker record execution samples (the JDK's {@code profile}
   * settings: every 10 ms per running thread) into {@code dir}, one file per process, written when
   * it exits.
   */
  public static String recordingOption(Path dir) {
    // Deep enough that the SDK's frames at the bottom of a workflow thread's stack are kept.
    return "-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename="
        + dir.toAbsolutePath().resolve("worker-%p.jfr")
        + ",settings=profile";
  }

  /** The recording {@link #recordingOption} makes the process {@code pid} write. */
  public static Path recording(Path dir, long pid) {
    return dir.toAbsolutePath().resolve("worker-" + pid + ".jfr");
  }

  /** The split of the samples in {@code recording} taken from {@code from} to {@code to}. */
  public static WorkerCpuSplit read(Path recording, Instant from, Instant to) throws IOException {
    if (!Files.isRegularFile(recording)) {
      throw new IOException("no flight recording at " + recording + " (did the worker exit?)");
    }
    long workflowTask = 0;
    long activity = 0;
    long other = 0;
    long workflowCode = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        Instant at = event.getStartTime();
        if (at.isBefore(from) || at.isAfter(to)) {
          continue;
        }
        List<String> frames = frameClasses(event.getStackTrace());
        switch (classify(frames)) {
          case WORKFLOW_TASK -> {
            workflowTask++;
            if (frames.stream().anyMatch(type -> type.startsWith(OWN_CODE))) {
              workflowCode++;
            }
          }
          case ACTIVITY -> activity++;
          case OTHER -> other++;
        }
      }
    }
    return new WorkerCpuSplit(workflowTask, activity, other, workflowCode);
  }

  /**
   * The part a stack (its frames' class names, any order) belongs to. Activities are looked for
   * first: a local activity's thread is the SDK's own, never a workflow thread.
   */
  public static Part classify(List<String> frameClasses) {
    for (String type : frameClasses) {
      if (type.startsWith("io.temporal.internal.activity.")
          || type.startsWith("io.temporal.internal.worker.ActivityWorker")
          || type.startsWith("io.temporal.internal.worker.LocalActivityWorker")
          || type.startsWith("io.temporal.internal.worker.ActivityPollTask")) {
        return Part.ACTIVITY;
      }
    }
    for (String type : frameClasses) {
      if (type.startsWith("io.temporal.internal.replay.")
          || type.startsWith("io.temporal.internal.statemachines.")
          || type.startsWith("io.temporal.internal.sync.")
          || type.startsWith("io.temporal.internal.worker.WorkflowWorker")
          || type.startsWith("io.temporal.internal.worker.WorkflowPollTask")) {
        return Part.WORKFLOW_TASK;
      }
    }
    return Part.OTHER;
  }

  /**
   * The share of the worker's CPU spent on workflow tasks: their samples over the samples placed in
   * either part; NaN when none were.
   */
  public double workflowTaskShare() {
    long placed = workflowTaskSamples + activitySamples;
    return placed == 0 ? Double.NaN : (double) workflowTaskSamples / placed;
  }

  /**
   * The share of the workflow-task samples taken under the workflow's own code ({@link
   * #workflowCodeSamples}); NaN when there were none.
   */
  public double workflowCodeShare() {
    return workflowTaskSamples == 0
        ? Double.NaN
        : (double) workflowCodeSamples / workflowTaskSamples;
  }

  public long samples() {
    return workflowTaskSamples + activitySamples + otherSamples;
  }

  private static List<String> frameClasses(RecordedStackTrace stack) {
    if (stack == null) {
      return List.of();
    }
    return stack.getFrames().stream()
        .map(RecordedFrame::getMethod)
        .map(method -> method.getType().getName())
        .toList();
  }
}
