package dev.agentfleet.starter.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.batch.BatchProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  /** A batch of 1,000 with {@code completed} done, 50 running, 10 waiting for approval. */
  private static BatchProgress at(int completed) {
    return new BatchProgress(
        "batch/cheap/x",
        "cheap",
        "h",
        "in.jsonl",
        1000,
        1000 - completed - 60,
        50,
        10,
        0,
        0,
        completed,
        0,
        0,
        0,
        0,
        0,
        0,
        2,
        null,
        50,
        0,
        1,
        0);
  }

  @Test
  void shows_the_bar_the_rate_over_recent_samples_and_the_time_left() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BatchProgressBar bar =
        new BatchProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), true);

    bar.show(at(100), null, 0);
    bar.show(at(300), null, 10 * SECOND);

    String shown = err.toString(StandardCharsets.UTF_8);
    String last = shown.substring(shown.lastIndexOf('\r') + 1).strip();
    // 310 accounted (300 completed, 10 waiting) of 1000; 200 more in the 10 s between samples
    assertThat(last)
        .startsWith("[#######.................] 310/1000 31%")
        .contains("20.0 rec/s")
        .contains("ETA 35s")
        .contains("50 running")
        .contains("10 waiting approval")
        .contains("2 rejected lines")
        .doesNotContain("failed");
    assertThat(bar.rate()).isEqualTo(20.0);
  }

  @Test
  void without_a_terminal_writes_a_line_every_ten_seconds_and_at_the_end() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BatchProgressBar bar =
        new BatchProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), false);

    bar.show(at(100), null, 0);
    bar.show(at(150), null, 2 * SECOND);
    bar.show(at(200), null, 11 * SECOND);
    bar.show(at(210), "batch does not answer", 12 * SECOND);

    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }

  @Test
  void durations_read_as_seconds_minutes_or_hours() {
    assertThat(BatchProgressBar.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(BatchProgressBar.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
    assertThat(BatchProgressBar.duration(Duration.ofMinutes(62))).isEqualTo("1h 02m");
  }
}
