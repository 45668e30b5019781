package dev.agentfleet.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * The ledger opened to look at it, as the CLI (and the benchmarks) do: the database the workers
 * write, at a {@link LedgerLocation}. The workers' own handle, which creates and migrates the
 * database, is {@code dev.agentfleet.activities.ledger.Ledger}.
 *
 * <p>Connections are read-only, so looking can never change the ledger; the one exception is {@link
 * #openWritable()}, for the few tables the CLI changes (sandbox faults, published definitions).
 * Nothing here creates a database or a table: a ledger that is not there yet reads as missing. The
 * password never appears in a message: {@link #describe()}, {@link #failure} and {@link
 * #writeFailure} go through {@link LedgerLocation#scrub}.
 */
public final class LedgerDatabase {

  /** How long a SQLite connection waits for a writer's lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final LedgerLocation location;
  private final Path file;
  private final String shown;

  private LedgerDatabase(LedgerLocation location, Path file, String shown) {
    this.location = location;
    this.file = file;
    this.shown = shown;
  }

  /** A SQLite ledger file, named in messages as {@code shown}. */
  public static LedgerDatabase sqlite(Path file, String shown) {
    Path absolute = file.toAbsolutePath().normalize();
    return new LedgerDatabase(
        LedgerLocation.of(LedgerDialect.SQLITE.urlPrefix() + absolute), absolute, shown);
  }

  /**
   * The ledger at {@code location}, as a worker started in {@code base} reads it: a relative SQLite
   * path is relative to {@code base}, and {@code show} names a file in messages.
   *
   * @throws IllegalArgumentException when the URL names a database the ledger does not run on, or
   *     an in-memory SQLite ledger, which no other process can read
   */
  public static LedgerDatabase at(LedgerLocation location, Path base, Function<Path, String> show) {
    if (location.dialect() == LedgerDialect.POSTGRESQL) {
      return new LedgerDatabase(location, null, location.redacted());
    }
    Path path = location.sqliteFile();
    if (path == null) {
      throw new IllegalArgumentException(
          "FLEET_LEDGER_URL names an in-memory SQLite ledger, which lives and dies with its"
              + " worker: the CLI cannot read it; point FLEET_LEDGER_URL at a file or at"
              + " PostgreSQL");
    }
    Path absolute = base.resolve(path);
    return sqlite(absolute, show.apply(absolute));
  }

  public LedgerDialect dialect() {
    return file == null ? LedgerDialect.POSTGRESQL : LedgerDialect.SQLITE;
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
    return file == null || Files.isRegularFile(file);
  }

  /** A read-only connection; the caller closes it. */
  public Connection openReadOnly() throws SQLException {
    if (file != null) {
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
    return file != null ? openSqlite(false) : openPostgresql();
  }

  private Connection openSqlite(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.createConnection(location.jdbcUrl());
  }

  private Connection openPostgresql() throws SQLException {
    Properties properties = new Properties();
    if (location.user() != null) {
      properties.setProperty("user", location.user());
    }
    if (location.password() != null) {
      properties.setProperty("password", location.password());
    }
    properties.setProperty("ApplicationName", "agent-fleet cli");
    properties.setProperty("connectTimeout", "10");
    // Rows read in a transaction come in batches through a cursor, not all at once, so checking a
    // long audit chain takes little memory, as it does on SQLite.
    properties.setProperty("defaultRowFetchSize", "1000");
    return DriverManager.getConnection(location.jdbcUrl(), properties);
  }

  /**
   * Reads {@code table} on a read-only connection. A ledger that is not there yet, or lacks the
   * table (no worker has opened it, or it predates the table), gives {@code absent} instead, which
   * may also throw. A failure is a {@link LedgerException} that names {@code what}.
   */
  public <T> T read(String table, String what, Supplier<T> absent, LedgerWork<T> work) {
    return onTable(table, this::openReadOnly, absent, work, e -> failure(what, e));
  }

  /**
   * Changes {@code table} on a connection that commits each statement. A ledger that is not there
   * yet, or lacks the table, gives {@code absent} instead (which usually throws: a worker creates
   * the tables). A failure is a {@link LedgerException} that names the table.
   */
  public <T> T change(String table, Supplier<T> absent, LedgerWork<T> work) {
    return onTable(table, this::openWritable, absent, work, e -> writeFailure(table, e));
  }

  private interface Opener {
    Connection open() throws SQLException;
  }

  private <T> T onTable(
      String table,
      Opener opener,
      Supplier<T> absent,
      LedgerWork<T> work,
      Function<SQLException, LedgerException> failure) {
    if (!exists()) {
      return absent.get();
    }
    try (Connection connection = opener.open()) {
      return hasTable(connection, table) ? work.run(connection) : absent.get();
    } catch (SQLException e) {
      throw failure.apply(e);
    }
  }

  /** True when the ledger holds the table, which older ledgers or fresh databases may lack. */
  public boolean hasTable(Connection connection, String table) throws SQLException {
    return dialect().hasTable(connection, table);
  }

  /** A one-line error saying what could not be read where, with no password in it. */
  public LedgerException failure(String what, SQLException e) {
    return failed("read " + what + " from", e);
  }

  /** A one-line error saying what could not be changed where, with no password in it. */
  public LedgerException writeFailure(String what, SQLException e) {
    return failed("change " + what + " in", e);
  }

  private LedgerException failed(String attempt, SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String text =
        "cannot " + attempt + " " + shown + ": " + location.scrub(message).replaceAll("\\s+", " ");
    return new LedgerException(text, location.revealedIn(e) ? null : e);
  }
}
