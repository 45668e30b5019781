package dev.agentfleet.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCpuSplitTest {

  @Test
  void stacks_are_placed_by_the_sdk_frames_they_run_under() {
    assertThat(
            WorkerCpuSplit.classify(
                List.of(
                    "com.fasterxml.jackson.databind.ObjectMapper",
                    "dev.agentfleet.workflows.steps.ModelStepRunner",
                    "io.temporal.internal.sync.WorkflowThreadImpl$RunnableWrapper",
                    "java.lang.VirtualThread")))
        .isEqualTo(WorkerCpuSplit.Part.WORKFLOW_TASK);
    assertThat(
            WorkerCpuSplit.classify(
                List.of(
                    "com.google.protobuf.CodedOutputStream",
                    "io.temporal.internal.replay.ReplayWorkflowTaskHandler",
                    "io.temporal.internal.worker.WorkflowWorker$TaskHandlerImpl")))
        .isEqualTo(WorkerCpuSplit.Part.WORKFLOW_TASK);
    assertThat(
            WorkerCpuSplit.classify(
                List.of(
                    "org.sqlite.core.NativeDB",
                    "dev.agentfleet.activities.model.ModelActivitiesImpl",
                    "io.temporal.internal.activity.ActivityTaskExecutors$BaseActivityTaskExecutor",
                    "io.temporal.internal.worker.ActivityWorker$TaskHandlerImpl")))
        .isEqualTo(WorkerCpuSplit.Part.ACTIVITY);
    // A local activity runs on the SDK's local-activity threads, whatever it calls.
    assertThat(
            WorkerCpuSplit.classify(
                List.of(
                    "dev.agentfleet.activities.audit.AuditActivitiesImpl",
                    "io.temporal.internal.sync.SyncWorkflowContext",
                    "io.temporal.internal.worker.LocalActivityWorker$AttemptTask")))
        .isEqualTo(WorkerCpuSplit.Part.ACTIVITY);
    assertThat(
            WorkerCpuSplit.classify(
                List.of("io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoop")))
        .isEqualTo(WorkerCpuSplit.Part.OTHER);
    assertThat(WorkerCpuSplit.classify(List.of())).isEqualTo(WorkerCpuSplit.Part.OTHER);
  }

  @Test
  void the_share_leaves_out_what_neither_part_holds() {
    assertThat(new WorkerCpuSplit(300, 100, 600, 75).workflowTaskShare()).isEqualTo(0.75);
    assertThat(new WorkerCpuSplit(300, 100, 600, 75).samples()).isEqualTo(1_000);
    assertThat(new WorkerCpuSplit(300, 100, 600, 75).workflowCodeShare()).isEqualTo(0.25);
    assertThat(new WorkerCpuSplit(0, 0, 50, 0).workflowTaskShare()).isNaN();
    assertThat(new WorkerCpuSplit(0, 0, 50, 0).workflowCodeShare()).isNaN();
  }

  @Test
  void a_recording_is_read_within_its_window(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("worker-1.jfr");
    Instant from;
    Instant to;
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      from = Instant.now();
      spin(Duration.ofMillis(600));
      to = Instant.now();
      recording.stop();
      recording.dump(file);
    }

    WorkerCpuSplit during = WorkerCpuSplit.read(file, from, to);
    WorkerCpuSplit before = WorkerCpuSplit.read(file, from.minusSeconds(60), from.minusSeconds(30));

    // This test's thread is no Temporal worker thread: all it did is "other".
    assertThat(during.otherSamples()).isPositive();
    assertThat(during.workflowTaskSamples()).isZero();
    assertThat(during.activitySamples()).isZero();
    assertThat(before.samples()).isZero();
  }

  @Test
  void a_missing_recording_names_where_it_was_looked_for(@TempDir Path dir) {
    Path missing = WorkerCpuSplit.recording(dir, 4242);

    assertThat(missing.getFileName()).hasToString("worker-4242.jfr");
    assertThatThrownBy(() -> WorkerCpuSplit.read(missing, Instant.EPOCH, Instant.now()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
    assertThat(WorkerCpuSplit.recordingOption(dir))
        .contains(
            "-XX:StartFlightRecording=filename=" + dir.toAbsolutePath().resolve("worker-%p.jfr"))
        .contains("settings=profile");
  }

  private static long spin(Duration length) {
    long end = System.nanoTime() + length.toNanos();
    long sum = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        sum += Long.numberOfTrailingZeros(sum + i) ^ i;
      }
    }
    return sum;
  }
}
