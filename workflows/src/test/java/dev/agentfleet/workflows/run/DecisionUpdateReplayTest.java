package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs answered by update replay against the current code: a billing approval decided by the {@code
 * decision} update ({@code DecisionUpdateTest}) and a dead-lettered step retried by the {@code
 * dlq-answer} update. Each history must hold the update's acceptance and completion, so a history
 * re-recorded by signal cannot stand in for it.
 */
class DecisionUpdateReplayTest {

  private static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  @BeforeAll
  static void warmUp() {
    WarmUp.run();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"support-triage-approved-by-update.json", "dead-letter-retried-by-update.json"})
  void a_run_answered_by_update_replays_against_current_code(String file) throws Exception {
    String json = Files.readString(HISTORIES.resolve(file), StandardCharsets.UTF_8);
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    List<String> updateEvents =
        history.getEvents().stream()
            .map(e -> e.getEventType().name())
            .filter(t -> t.contains("UPDATE"))
            .toList();

    assertThat(updateEvents)
        .as("the run was answered by an update")
        .containsExactly(
            "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED",
            "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED");
    assertThat(json).as("and not by a signal").doesNotContain("SIGNALED");
    WorkflowReplayer.replayWorkflowExecution(history, AgentWorkflowImpl.class);
  }
}
