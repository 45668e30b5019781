package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.audit.AuditAnchorWorkflowImpl;
import dev.agentfleet.workflows.batch.BatchWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories of {@link AgentWorkflow}, of batches ({@link BatchWorkflowImpl}) and
 * of the audit anchor ({@link AuditAnchorWorkflowImpl}) against the current code. A change that
 * would break runs already in flight (a new activity call, a reordered step, a changed timer) fails
 * here instead of in production; guard such changes with {@code Workflow.getVersion}.
 */
class RecordedHistoryReplayTest {

  private static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).as("recorded histories in %s", HISTORIES).isNotEmpty();
      return all;
    }
  }

  @BeforeAll
  static void warmUp() {
    // Class loading on a cold, loaded machine can exceed the replayer's 1 s deadlock detector.
    WarmUp.run();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recorded_history_replays_against_current_code(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        history.toFile(),
        AgentWorkflowImpl.class,
        BatchWorkflowImpl.class,
        AuditAnchorWorkflowImpl.class);
  }
}
