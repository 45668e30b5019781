package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.FleetException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the admin page is served, from the environment.
 *
 * @param host {@code FLEET_ADMIN_HOST}, default {@code 127.0.0.1}: only this machine; a container
 *     sets {@code 0.0.0.0}
 * @param port {@code FLEET_ADMIN_PORT}, default 7070
 * @param secureCookies {@code FLEET_ADMIN_SECURE_COOKIES=true}: mark cookies {@code Secure} (and
 *     name them {@code __Host-…}); only for a page reached over HTTPS, through a TLS-terminating
 *     proxy, because browsers do not send {@code Secure} cookies to a plain {@code http://} origin
 *     other than {@code localhost}, and not at all to a LAN address — sign-in would loop
 * @param idle a session ends after this long without a request
 * @param absolute a session ends this long after sign-in, whatever happens
 * @param queueLimit at most this many waiting runs are read per queue page
 * @param ackTimeout how long a decision waits for the run to act on it ({@code
 *     FLEET_ADMIN_DECISION_TIMEOUT_SECONDS}, default 10, as {@code ./fleet approve})
 * @param webUi the Temporal Web UI's address for links ({@code FLEET_TEMPORAL_UI}); null for none
 */
public record AdminSettings(
    String host,
    int port,
    boolean secureCookies,
    Duration idle,
    Duration absolute,
    int queueLimit,
    Duration ackTimeout,
    String webUi) {

  public static final int DEFAULT_PORT = 7070;

  /** The settings the environment gives, with the Web UI address when none is configured. */
  public static AdminSettings fromEnv(Map<String, String> env, String defaultWebUi) {
    return new AdminSettings(
        env.getOrDefault("FLEET_ADMIN_HOST", "127.0.0.1"),
        port(env.get("FLEET_ADMIN_PORT")),
        "true".equalsIgnoreCase(env.getOrDefault("FLEET_ADMIN_SECURE_COOKIES", "").trim()),
        Duration.ofMinutes(30),
        Duration.ofHours(12),
        1000,
        Duration.ofSeconds(seconds(env.get("FLEET_ADMIN_DECISION_TIMEOUT_SECONDS"), 10)),
        env.getOrDefault("FLEET_TEMPORAL_UI", defaultWebUi));
  }

  /** A copy listening elsewhere. */
  public AdminSettings withAddress(String host, int port) {
    return new AdminSettings(
        host, port, secureCookies, idle, absolute, queueLimit, ackTimeout, webUi);
  }

  /** The port {@code FLEET_ADMIN_PORT} names, or the default. */
  public static int port(String setting) {
    if (setting == null || setting.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(setting.trim());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new FleetException(
          "FLEET_ADMIN_PORT=" + setting + " is not a port number (0-65535)", 2);
    }
  }

  private static long seconds(String setting, long fallback) {
    if (setting == null || setting.isBlank()) {
      return fallback;
    }
    try {
      return Math.max(1, Long.parseLong(setting.trim()));
    } catch (NumberFormatException e) {
      throw new FleetException(
          "FLEET_ADMIN_DECISION_TIMEOUT_SECONDS=" + setting + " is not a number of seconds", 2);
    }
  }

  /** The session cookie's name; {@code __Host-} binds a Secure cookie to this exact origin. */
  String sessionCookie() {
    return secureCookies ? "__Host-fleet_session" : "fleet_session";
  }

  /** The sign-in form nonce's cookie name. */
  String loginCookie() {
    return secureCookies ? "__Host-fleet_login" : "fleet_login";
  }

  /** The attributes every cookie of the page carries. */
  String cookieAttributes() {
    return "; Path=/; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "%s:%d (secure cookies: %s)", host, port, secureCookies ? "yes" : "no");
  }
}
