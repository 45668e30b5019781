package dev.agentfleet.starter.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a restart signs everyone out, which is the safe default for a page
 * that decides refunds. A session id and its CSRF token are each 256 random bits; a session ends
 * after {@code idle} without a request or {@code absolute} after sign-in, whichever comes first.
 * Sign-in forms get a short-lived nonce of their own, so the one form shown before a session exists
 * is protected against cross-site posts too.
 */
public final class Sessions {

  /** One signed-in approver. Roles are looked up again on every request, never cached here. */
  public record Session(String id, String approver, String csrfToken, Instant createdAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SESSIONS = 10_000;
  private static final Duration NONCE_LIFETIME = Duration.ofMinutes(15);

  private final Clock clock;
  private final Duration idle;
  private final Duration absolute;
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> loginNonces = new ConcurrentHashMap<>();

  private record Entry(Session session, Instant lastSeen) {}

  public Sessions(Clock clock, Duration idle, Duration absolute) {
    this.clock = clock;
    this.idle = idle;
    this.absolute = absolute;
  }

  /** How long a session may live at most: the cookie's Max-Age. */
  public Duration absolute() {
    return absolute;
  }

  /** Opens a session for {@code approver}, with a fresh id (never one the browser sent before). */
  public Session open(String approver) {
    purge(sessions.size() >= MAX_SESSIONS);
    Instant now = clock.instant();
    Session session = new Session(randomToken(), approver, randomToken(), now);
    sessions.put(session.id(), new Entry(session, now));
    return session;
  }

  /** The live session with this id, its idle clock restarted; empty when unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // Atomic, so a sign-out racing with a request never brings the session back.
    Entry entry =
        sessions.computeIfPresent(
            id, (key, found) -> expired(found, now) ? null : new Entry(found.session(), now));
    return Optional.ofNullable(entry).map(Entry::session);
  }

  /** Ends a session (sign-out). */
  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** A nonce for one sign-in form, to be sent both as a cookie and in the form. */
  public String loginNonce() {
    Instant now = clock.instant();
    if (loginNonces.size() >= MAX_SESSIONS) {
      loginNonces.values().removeIf(issued -> issued.plus(NONCE_LIFETIME).isBefore(now));
      if (loginNonces.size() >= MAX_SESSIONS) {
        loginNonces.clear();
      }
    }
    String nonce = randomToken();
    loginNonces.put(nonce, now);
    return nonce;
  }

  /** True when {@code nonce} was issued here, is unused and fresh: a form may show it again. */
  public boolean liveLoginNonce(String nonce) {
    Instant issued = nonce == null ? null : loginNonces.get(nonce);
    return issued != null && !issued.plus(NONCE_LIFETIME).isBefore(clock.instant());
  }

  /**
   * True when the sign-in form's nonce is one this server issued, not expired, and the same as the
   * cookie's; the nonce is used up either way.
   */
  public boolean redeemLoginNonce(String fromCookie, String fromForm) {
    if (fromCookie == null || fromForm == null || !tokensMatch(fromCookie, fromForm)) {
      return false;
    }
    Instant issued = loginNonces.remove(fromCookie);
    return issued != null && !issued.plus(NONCE_LIFETIME).isBefore(clock.instant());
  }

  /** Compares two tokens in time that does not depend on where they differ. */
  public static boolean tokensMatch(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** 256 random bits, URL-safe base64 without padding. */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private boolean expired(Entry entry, Instant now) {
    return !now.isBefore(entry.lastSeen().plus(idle))
        || !now.isBefore(entry.session().createdAt().plus(absolute));
  }

  private void purge(boolean full) {
    Instant now = clock.instant();
    sessions.values().removeIf(entry -> expired(entry, now));
    if (full && sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream()
          .min(Comparator.comparing(Entry::lastSeen))
          .ifPresent(oldest -> sessions.remove(oldest.session().id()));
    }
  }
}
