package dev.agentfleet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.agentfleet.bench.BenchFailure;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryIdentityTest {

  private static final long KILL_SECONDS = 1_800_000_000L;
  private static final long KILL = KILL_SECONDS * 1_000_000_000L;

  @Test
  void the_killed_worker_is_found_among_the_clusters_workers_by_its_pid() {
    Map<String, History> histories = new LinkedHashMap<>();
    histories.put("a", taskStartedBy("200@host", -1));
    histories.put("b", taskStartedBy("100@host", -2));

    String killed = RecoveryBench.killedIdentity(histories, KILL, List.of(100L, 200L));

    assertThat(killed).isEqualTo("100@host");
  }

  @Test
  void a_task_taken_before_the_kill_by_a_worker_outside_the_fleet_is_an_error() {
    Map<String, History> histories = Map.of("a", taskStartedBy("999@elsewhere", -1));

    assertThatThrownBy(() -> RecoveryBench.killedIdentity(histories, KILL, List.of(100L, 200L)))
        .isInstanceOf(BenchFailure.class)
        .hasMessageContaining("'999@elsewhere'")
        .hasMessageContaining("workers (pids 100, 200)");
  }

  @Test
  void without_a_run_on_the_killed_worker_there_is_nothing_to_measure() {
    Map<String, History> histories = Map.of("a", taskStartedBy("200@host", -1));

    assertThatThrownBy(() -> RecoveryBench.killedIdentity(histories, KILL, List.of(100L, 200L)))
        .isInstanceOf(BenchFailure.class)
        .hasMessageContaining("no run had reached the killed worker (pid 100)");
  }

  @Test
  void tasks_after_the_kill_do_not_count() {
    Map<String, History> histories = new LinkedHashMap<>();
    histories.put("a", taskStartedBy("100@host", -1));
    histories.put("b", taskStartedBy("300@host", 5));

    assertThat(RecoveryBench.killedIdentity(histories, KILL, List.of(100L))).isEqualTo("100@host");
  }

  /** A history of one workflow task started by {@code identity}, {@code seconds} from the kill. */
  private static History taskStartedBy(String identity, long seconds) {
    return History.newBuilder()
        .addEvents(
            HistoryEvent.newBuilder()
                .setEventId(1)
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                .setEventTime(Timestamp.newBuilder().setSeconds(KILL_SECONDS + seconds))
                .setWorkflowTaskStartedEventAttributes(
                    WorkflowTaskStartedEventAttributes.newBuilder().setIdentity(identity)))
        .build();
  }
}
