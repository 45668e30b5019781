package dev.agentfleet.ledger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the ledger lives and how to log in, read the same way by the workers and the CLI: a JDBC
 * URL ({@code FLEET_LEDGER_URL}) and, for PostgreSQL, a user and password either as URL parameters
 * ({@code ?user=fleet&password=...}) or apart ({@code FLEET_LEDGER_USER}, {@code
 * FLEET_LEDGER_PASSWORD}).
 *
 * <p>The password never leaves this record in the clear: {@link #toString()}, {@link #redacted()}
 * and {@link #scrub(String)} mask it, and the ledger passes every message it builds from a driver's
 * error through {@link #scrub(String)} before it logs or throws it.
 *
 * @param jdbcUrl {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}
 * @param user the database user, or null to take it from the URL (or the driver's default)
 * @param password the user's password, or null to take it from the URL
 */
public record LedgerLocation(String jdbcUrl, String user, String password) {

  private static final String MASK = "****";
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([?&;][^=&;#]*password=)([^&;#]*)");

  public LedgerLocation {
    user = blankToNull(user);
    password = blankToNull(password);
  }

  /** A location with whatever credentials the URL itself carries. */
  public static LedgerLocation of(String jdbcUrl) {
    return new LedgerLocation(jdbcUrl, null, null);
  }

  /**
   * Reads {@code FLEET_LEDGER_URL} (else {@code defaultUrl}), {@code FLEET_LEDGER_USER} and {@code
   * FLEET_LEDGER_PASSWORD}.
   */
  public static LedgerLocation fromEnv(Map<String, String> env, String defaultUrl) {
    String url = blankToNull(env.get("FLEET_LEDGER_URL"));
    return new LedgerLocation(
        url == null ? defaultUrl : url.strip(),
        env.get("FLEET_LEDGER_USER"),
        env.get("FLEET_LEDGER_PASSWORD"));
  }

  /** The database this location names; an exception naming the URLs accepted otherwise. */
  public LedgerDialect dialect() {
    return LedgerDialect.of(jdbcUrl);
  }

  /**
   * The file behind a SQLite URL ({@code jdbc:sqlite:/path/ledger.db}, {@code
   * jdbc:sqlite:file:path?options}), as given (relative or absolute); null for an in-memory
   * database ({@code :memory:}, {@code mode=memory}, an empty path).
   */
  public Path sqliteFile() {
    String path = jdbcUrl.substring(LedgerDialect.SQLITE.urlPrefix().length());
    int query = path.indexOf('?');
    String options = query < 0 ? "" : path.substring(query);
    path = query < 0 ? path : path.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isBlank() || path.equals(":memory:") || options.contains("mode=memory")) {
      return null;
    }
    return Path.of(path);
  }

  /** The URL with the value of every {@code ...password=} parameter masked. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl == null ? null : URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1" + MASK);
  }

  /** This location's URL, safe to log. */
  public String redacted() {
    return redact(jdbcUrl);
  }

  /**
   * The text with this location's URL redacted and its passwords (apart or in the URL) masked
   * wherever they occur, for messages that quote a driver's error.
   */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String clean = jdbcUrl == null ? text : text.replace(jdbcUrl, redacted());
    for (String secret : secrets()) {
      clean = clean.replace(secret, MASK);
    }
    return clean;
  }

  /** True when any message in the chain of causes quotes this location's password. */
  public boolean revealedIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.toString();
      if (!scrub(text).equals(text)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "LedgerLocation[jdbcUrl="
        + redacted()
        + ", user="
        + user
        + ", password="
        + (password == null ? null : MASK)
        + "]";
  }

  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (password != null) {
      secrets.add(password);
    }
    if (jdbcUrl != null) {
      Matcher m = URL_PASSWORD.matcher(jdbcUrl);
      while (m.find()) {
        String value = m.group(2);
        if (!value.isEmpty()) {
          secrets.add(value);
          secrets.add(decoded(value));
        }
      }
    }
    return secrets;
  }

  private static String decoded(String urlValue) {
    try {
      return URLDecoder.decode(urlValue, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return urlValue;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
