package dev.agentfleet.starter.ledger;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * The ledger database the CLI reads: the one the workers write, named by the same variables. With
 * {@code FLEET_LEDGER_URL} unset it is the SQLite file {@code $FLEET_HOME/ledger.db}; {@code
 * jdbc:sqlite:/path/ledger.db} names another file (relative paths are relative to the repository,
 * where {@code ./fleet up} starts the worker); {@code jdbc:postgresql://host:5432/fleet} names a
 * PostgreSQL database, logged in to as {@code FLEET_LEDGER_USER} with {@code FLEET_LEDGER_PASSWORD}
 * unless the URL carries {@code user=} and {@code password=} itself.
 *
 * <p>Connections are read-only, so looking can never change the ledger; the one exception is {@link
 * #openWritable()}, with which {@code fleet sandbox} changes {@code sandbox_faults}. The password
 * never appears in a message: {@link #describe()}, {@link #failure} and {@link #writeFailure} mask
 * it.
 */
public final class LedgerDatabase {

  /** The databases the ledger runs on; their SQL differs in a few places the readers ask about. */
  public enum Vendor {
    SQLITE,
    POSTGRESQL
  }

  private static final String SQLITE_PREFIX = "jdbc:sqlite:";
  private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
  private static final String MASK = "****";
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([?&;][^=&;#]*password=)([^&;#]*)");

  private final Vendor vendor;
  private final Path file;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String shown;

  private LedgerDatabase(
      Vendor vendor, Path file, String jdbcUrl, String user, String password, String shown) {
    this.vendor = vendor;
    this.file = file;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.shown = shown;
  }

  /** A SQLite ledger file, named in messages as {@code shown}. */
  public static LedgerDatabase sqlite(Path file, String shown) {
    return new LedgerDatabase(
        Vendor.SQLITE, file.toAbsolutePath().normalize(), null, null, null, shown);
  }

  /**
   * The ledger the environment names, as the worker reads it: {@code FLEET_LEDGER_URL}, {@code
   * FLEET_LEDGER_USER}, {@code FLEET_LEDGER_PASSWORD}; else the fleet home's SQLite file.
   *
   * @throws FleetException when the URL names a database the ledger does not run on
   */
  public static LedgerDatabase fromEnv(Map<String, String> env, FleetPaths paths) {
    String url = blankToNull(env.get("FLEET_LEDGER_URL"));
    if (url == null) {
      return sqlite(paths.ledgerDb(), paths.show(paths.ledgerDb()));
    }
    if (url.startsWith(SQLITE_PREFIX)) {
      Path path = sqliteFile(url);
      if (path == null) {
        throw new FleetException(
            "FLEET_LEDGER_URL names an in-memory SQLite ledger, which lives and dies with its"
                + " worker: the CLI cannot read it; point FLEET_LEDGER_URL at a file or at"
                + " PostgreSQL");
      }
      Path absolute = paths.repo().resolve(path);
      return sqlite(absolute, paths.show(absolute));
    }
    if (url.startsWith(POSTGRESQL_PREFIX)) {
      return new LedgerDatabase(
          Vendor.POSTGRESQL,
          null,
          url,
          blankToNull(env.get("FLEET_LEDGER_USER")),
          // Blank means none; otherwise the password is used exactly as given.
          blankToNull(env.get("FLEET_LEDGER_PASSWORD")) == null
              ? null
              : env.get("FLEET_LEDGER_PASSWORD"),
          redact(url));
    }
    throw new FleetException(
        "the ledger runs on SQLite or PostgreSQL: set FLEET_LEDGER_URL to"
            + " jdbc:sqlite:/path/ledger.db or jdbc:postgresql://host:5432/database, got: "
            + redact(url));
  }

  public Vendor vendor() {
    return vendor;
  }

  /** The ledger as messages name it: a path, or a URL without its password. */
  public String describe() {
    return shown;
  }

  /**
   * True when there may be something to read: a SQLite file that exists; a PostgreSQL database is
   * taken to exist, and not reaching it is an error.
   */
  public boolean exists() {
    return vendor == Vendor.POSTGRESQL || Files.isRegularFile(file);
  }

  /** A read-only connection; the caller closes it. */
  public Connection openReadOnly() throws SQLException {
    if (vendor == Vendor.SQLITE) {
      return openSqlite(true);
    }
    Connection connection = openPostgresql();
    try {
      connection.setReadOnly(true);
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * A connection that commits each statement as it runs, for the few tables the CLI changes (the
   * sandbox faults); the caller closes it.
   */
  public Connection openWritable() throws SQLException {
    return vendor == Vendor.SQLITE ? openSqlite(false) : openPostgresql();
  }

  private Connection openSqlite(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.setBusyTimeout(5000);
    return config.createConnection(SQLITE_PREFIX + file);
  }

  private Connection openPostgresql() throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "agent-fleet cli");
    properties.setProperty("connectTimeout", "10");
    // Rows read in a transaction come in batches through a cursor, not all at once, so checking a
    // long audit chain takes little memory, as it does on SQLite.
    properties.setProperty("defaultRowFetchSize", "1000");
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** True when the ledger holds the table, which older ledgers or fresh databases may lack. */
  public boolean hasTable(Connection connection, String table) throws SQLException {
    String sql =
        vendor == Vendor.SQLITE
            ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
            // Looks the name up on the search path, as the queries that follow do.
            : "SELECT 1 WHERE to_regclass(?) IS NOT NULL";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * What orders rows of {@code ledger_actions} written in the same millisecond: SQLite's {@code
   * rowid} is the order they were written in; PostgreSQL keeps no such order, so the key breaks the
   * tie, the same way every time.
   */
  public String ledgerTieBreak() {
    return vendor == Vendor.SQLITE ? "rowid" : "idempotency_key";
  }

  /** A one-line error saying what could not be read where, with no password in it. */
  public FleetException failure(String what, SQLException e) {
    return failed("read " + what + " from", e);
  }

  /** A one-line error saying what could not be changed where, with no password in it. */
  public FleetException writeFailure(String what, SQLException e) {
    return failed("change " + what + " in", e);
  }

  private FleetException failed(String attempt, SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return new FleetException(
        "cannot " + attempt + " " + shown + ": " + scrub(message).replaceAll("\\s+", " "));
  }

  /** The text with the URL redacted and every password masked, for messages that quote a driver. */
  String scrub(String text) {
    if (text == null || vendor == Vendor.SQLITE) {
      return text;
    }
    String clean = text.replace(jdbcUrl, shown);
    for (String secret : secrets()) {
      clean = clean.replace(secret, MASK);
    }
    return clean;
  }

  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (password != null) {
      secrets.add(password);
    }
    Matcher m = URL_PASSWORD.matcher(jdbcUrl);
    while (m.find()) {
      if (!m.group(2).isEmpty()) {
        secrets.add(m.group(2));
        try {
          secrets.add(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          // The raw value is masked already.
        }
      }
    }
    return secrets;
  }

  /** The URL with the value of every {@code ...password=} parameter masked. */
  static String redact(String jdbcUrl) {
    return URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1" + MASK);
  }

  /** The file behind a SQLite URL, or null for an in-memory database (as the worker reads it). */
  private static Path sqliteFile(String jdbcUrl) {
    String path = jdbcUrl.substring(SQLITE_PREFIX.length());
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
