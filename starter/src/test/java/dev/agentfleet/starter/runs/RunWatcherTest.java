package dev.agentfleet.starter.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.run.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunWatcherTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static RunState state(String id, String status) {
    return JSON.convertValue(Map.of("workflowId", id, "status", status), RunState.class);
  }

  @Test
  void runs_parked_for_a_person_a_timer_or_an_operator_settle_like_ended_ones() {
    // given runs that ended, wait for a person, wait for a timer or event, and are dead-lettered
    Map<String, String> statuses =
        Map.of(
            "a", "completed",
            "b", "waiting-approval",
            "c", "waiting",
            "d", "dead-lettered");
    List<RunWatcher.Progress> ticks = new ArrayList<>();
    // when --wait follows them
    Map<String, RunState> latest =
        new RunWatcher(id -> state(id, statuses.get(id)))
            .awaitSettled(List.of("a", "b", "c", "d"), Duration.ofSeconds(30), ticks::add);
    // then it returns after the first round, every run settled and none counted as running
    assertThat(ticks).hasSize(1);
    assertThat(ticks.get(0).settled()).isTrue();
    assertThat(ticks.get(0).running()).isZero();
    assertThat(ticks.get(0).done()).isEqualTo(1);
    assertThat(ticks.get(0).waiting()).isEqualTo(3);
    assertThat(latest).containsOnlyKeys("a", "b", "c", "d");
  }

  @Test
  void a_running_run_keeps_the_wait_going_until_the_timeout() {
    List<RunWatcher.Progress> ticks = new ArrayList<>();
    new RunWatcher(id -> state(id, "running"))
        .awaitSettled(List.of("a"), Duration.ZERO, ticks::add);
    assertThat(ticks).hasSize(1);
    assertThat(ticks.get(0).settled()).isFalse();
    assertThat(ticks.get(0).running()).isEqualTo(1);
  }
}
