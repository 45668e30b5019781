package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void the_line_shows_the_bar_the_count_the_rate_and_the_time_left() {
    // 750 of 3000 in 30 s: 25 records/s, 2250 left -> 90 s.
    assertThat(Progress.line(750, 3000, 30_000))
        .isEqualTo("eval [########......................] 750/3000  25%  25 records/s  1m30s left");
    assertThat(Progress.line(3000, 3000, 60_000)).contains("3000/3000 100%").endsWith("0s left");
  }

  @Test
  void a_short_evaluation_shows_no_progress_at_all() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false, 3);
    progress.accept(1);
    progress.accept(2);
    progress.accept(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
