package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HtmlTimeTest {

  @Test
  void times_read_as_utc_once_to_the_second() {
    long at = Instant.parse("2026-12-07T03:29:40.123Z").toEpochMilli();
    assertThat(Html.time(at)).isEqualTo("2026-12-07 03:29:40 UTC");
    assertThat(Html.time(0)).isEmpty();
  }
}
