package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterHttpClientTest {

  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void retry_after_reads_seconds_and_http_dates() {
    assertThat(RetryAfterHttpClient.parseRetryAfter("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfterHttpClient.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfterHttpClient.parseRetryAfter("Thu, 03 Dec 2026 08:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfterHttpClient.parseRetryAfter("Thu, 03 Dec 2026 07:59:00 GMT", NOW))
        .as("a date in the past means now")
        .contains(Duration.ZERO);
  }

  @Test
  void retry_after_that_is_neither_is_ignored() {
    assertThat(RetryAfterHttpClient.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(RetryAfterHttpClient.parseRetryAfter("-5", NOW)).isEmpty();
    assertThat(RetryAfterHttpClient.parseRetryAfter(null, NOW)).isEmpty();
  }

  @Test
  void a_provider_cannot_park_a_call_for_longer_than_the_cap() {
    RetryAfterHttpClient.Refused refused =
        new RetryAfterHttpClient.Refused(429, "{}", Duration.ofHours(1));

    assertThat(ProviderErrors.retryAfter(new RuntimeException(refused)))
        .contains(ProviderErrors.MAX_RETRY_AFTER);
    assertThat(ProviderErrors.transientFailure("m", "T", refused).getNextRetryDelay())
        .isEqualTo(ProviderErrors.MAX_RETRY_AFTER);
    assertThat(ProviderErrors.describe(new RuntimeException(refused)))
        .isEqualTo("RuntimeException (Refused) (HTTP 429)");
  }
}
