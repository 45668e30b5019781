package dev.agentfleet.starter.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetFrameTest {

  @Test
  void frame_shows_counts_oldest_approval_error_rate_and_cost_rate() {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    byStatus.put("running", 3L);
    byStatus.put("waiting-approval", 2L);
    byStatus.put("completed", 10L);
    FleetFrame frame =
        new FleetFrame(Instant.parse("2026-01-01T10:00:00Z"), byStatus, 2, 185L, 4, 1, 0.0125, 0.5);

    String text = frame.render();

    assertThat(frame.total()).isEqualTo(15);
    assertThat(frame.errorRate()).isEqualTo(0.25);
    assertThat(text)
        .contains("(15 runs)")
        .containsPattern("waiting-approval +2")
        .containsPattern("completed +10")
        .contains("approvals waiting       2   oldest 3m5s")
        .contains("4 ended, 1 failed (error rate 25.0%)")
        .contains("$0.012500/min");
  }

  @Test
  void the_json_frame_carries_the_same_figures_with_an_iso_time() {
    FleetFrame frame =
        new FleetFrame(
            Instant.parse("2026-01-01T10:00:00Z"),
            Map.of("running", 3L),
            2,
            185L,
            4,
            1,
            0.0125,
            0.5);

    assertThat(frame.json())
        .containsEntry("at", "2026-01-01T10:00:00Z")
        .containsEntry("approvalsWaiting", 2L)
        .containsEntry("oldestWaitingSeconds", 185L)
        .containsEntry("errorRate", 0.25)
        .containsEntry("costLastHourUsd", 0.5);
  }

  @Test
  void quiet_fleet_has_no_error_rate_and_no_oldest_age() {
    FleetFrame frame = new FleetFrame(Instant.EPOCH, Map.of("running", 0L), 0, null, 0, 0, 0, 0);

    assertThat(frame.errorRate()).isNull();
    assertThat(frame.render()).contains("error rate -").doesNotContain("oldest");
  }
}
