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

/**
 * Reset points found in recorded support-triage histories of an automatic refund: one from a dev
 * server, of a run that upserted its step at each step, and one of a run that coalesces its search
 * attributes (so its route step {@code triage} has no event of its own).
 */
class ResetPointTest {

  private static final Path HISTORY =
      Path.of("..", "workflows", "src", "test", "resources", "histories")
          .resolve("devserver-support-triage-auto-refund.json");

  private final ResetPoint reset = new ResetPoint(DefaultDataConverter.STANDARD_INSTANCE);

  private static final Path COALESCED =
      HISTORY.resolveSibling("support-triage-coalesced-visibility.json");

  /** The steps of the coalesced run, in the order it executed them (its state's steps). */
  private static final List<String> EXECUTED =
      List.of("classify", "extract", "triage", "refund", "confirm_refund", "refunded");

  private static List<HistoryEvent> events() throws Exception {
    return events(HISTORY);
  }

  private static List<HistoryEvent> events(Path history) throws Exception {
    return WorkflowExecutionHistory.fromJson(Files.readString(history)).getEvents();
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

  @Test
  void a_step_without_an_event_of_its_own_resets_to_the_task_of_the_next_step_that_has_one()
      throws Exception {
    List<HistoryEvent> events = events(COALESCED);
    // triage (a route) ran in the task that went on to schedule the refund (event 30)
    assertThat(reset.find(events, "triage", EXECUTED)).isEqualTo(new ResetPoint.Found(25, 30));
    // steps with events of their own are found by them, with or without the order
    assertThat(reset.find(events, "refund", EXECUTED)).isEqualTo(new ResetPoint.Found(25, 30));
    assertThat(reset.find(events, "refunded")).isEqualTo(new ResetPoint.Found(40, 42));
    assertThat(reset.find(events, "classify").firstEventId()).isEqualTo(7);
  }

  @Test
  void without_the_order_a_step_without_an_event_of_its_own_is_not_found() throws Exception {
    assertThatThrownBy(() -> reset.find(events(COALESCED), "triage"))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("no step 'triage'")
        .hasMessageContaining("classify, extract, refund, confirm_refund, refunded");
    assertThatThrownBy(() -> reset.find(events(COALESCED), "send_reply", EXECUTED))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("no step 'send_reply'");
  }
}
