package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final TestClock clock = new TestClock(Instant.parse("2025-06-01T10:00:00Z"));
  private final Sessions sessions =
      new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(8));

  @Test
  void session_ids_and_csrf_tokens_are_256_random_bits_never_repeated() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Sessions.Session session = sessions.open("alice");
      assertThat(Base64.getUrlDecoder().decode(session.id())).hasSize(32);
      assertThat(Base64.getUrlDecoder().decode(session.csrfToken())).hasSize(32);
      assertThat(seen.add(session.id())).isTrue();
      assertThat(seen.add(session.csrfToken())).isTrue();
    }
  }

  @Test
  void a_session_expires_when_idle_and_in_any_case_after_its_lifetime() {
    Sessions.Session session = sessions.open("alice");
    for (int i = 0; i < 16; i++) {
      clock.advance(Duration.ofMinutes(29));
      assertThat(sessions.find(session.id())).as("kept alive by use, %d", i).isPresent();
    }
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.find(session.id())).as("past 8 h").isEmpty();

    Sessions.Session idle = sessions.open("bob");
    clock.advance(Duration.ofMinutes(30));
    assertThat(sessions.find(idle.id())).isEmpty();
  }

  @Test
  void a_closed_or_unknown_session_is_not_found() {
    Sessions.Session session = sessions.open("alice");
    sessions.close(session.id());
    assertThat(sessions.find(session.id())).isEmpty();
    assertThat(sessions.find(Sessions.randomToken())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
  }

  @Test
  void a_sign_in_nonce_works_once_only_when_cookie_and_form_agree_and_it_is_fresh() {
    String nonce = sessions.loginNonce();
    assertThat(sessions.redeemLoginNonce(nonce, Sessions.randomToken())).isFalse();
    assertThat(sessions.redeemLoginNonce(nonce, nonce)).isTrue();
    assertThat(sessions.redeemLoginNonce(nonce, nonce)).as("used up").isFalse();

    String forged = Sessions.randomToken();
    assertThat(sessions.redeemLoginNonce(forged, forged)).as("not issued here").isFalse();

    String stale = sessions.loginNonce();
    clock.advance(Duration.ofMinutes(16));
    assertThat(sessions.redeemLoginNonce(stale, stale)).isFalse();
  }

  @Test
  void tokens_are_compared_whole() {
    assertThat(Sessions.tokensMatch("abc", "abc")).isTrue();
    assertThat(Sessions.tokensMatch("abc", "abd")).isFalse();
    assertThat(Sessions.tokensMatch("abc", "ab")).isFalse();
    assertThat(Sessions.tokensMatch("abc", null)).isFalse();
  }
}
