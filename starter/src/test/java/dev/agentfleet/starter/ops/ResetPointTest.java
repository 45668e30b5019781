package dev.agentfleet.starter.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reset points found in a recorded support-triage history (an automatic refund). */
class ResetPointTest {

  private static final Path HISTORY =
      Path.of("..", "workflows", "src", "test", "resources", "histories")
          .resolve("devserver-support-triage-auto-refund.json");

  private final ResetPoint reset = new ResetPoint(DefaultDataConverter.STANDARD_INSTANCE);

  private static List<HistoryEvent> events() throws Exception {
    return WorkflowExecutionHistory.fromJson(Files.readString(HISTORY)).getEvents();
  }

  @Test
  void a_step_resets_to_the_workflow_task_that_entered_it() throws Exception {
    // the refund step was entered (FleetStep=refund, event 22) by the task completed at event 20
    assertThat(reset.find(events(), "refund")).isEqualTo(new ResetPoint.Found(20, 22));
    // the first step: the first workflow task
    assertThat(reset.find(events(), "classify").workflowTaskCompletedEventId()).isEqualTo(4);
    assertThat(reset.find(events(), "confirm_refund").workflowTaskCompletedEventId()).isEqualTo(28);
  }

  @Test
  void an_unknown_step_is_refused_with_the_steps_the_run_had() throws Exception {
    assertThatThrownBy(() -> reset.find(events(), "send_reply"))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("no step 'send_reply'")
        .hasMessageContaining("classify, extract, triage, refund, confirm_refund");
  }
}
