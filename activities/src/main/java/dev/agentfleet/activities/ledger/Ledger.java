package dev.agentfleet.activities.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

/**
 * The fleet's durable store behind one JDBC URL: the action ledger, the sandbox connectors' effects
 * and the audit log. Opening it applies the Flyway migrations in {@code db/migration}, so a new
 * file is ready to use.
 *
 * <p>SQLite files are opened in WAL mode with a busy timeout, synchronous {@code NORMAL}, and every
 * transaction starts with {@code BEGIN IMMEDIATE}: several worker processes can share one file, and
 * writers queue for the lock instead of failing half way. An in-memory SQLite URL keeps one
 * connection for the ledger's lifetime and serialises work on it. Other URLs (PostgreSQL) open a
 * connection per unit of work.
 *
 * <p>Failures of the store surface as {@link LedgerException}, which Temporal retries.
 */
public final class Ledger implements AutoCloseable {

  /** How long a SQLite writer waits for another writer's lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final String SQLITE = "jdbc:sqlite:";
  private static final int MIGRATION_ATTEMPTS = 3;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String jdbcUrl;
  private final boolean sqlite;
  private final Properties properties;
  private final Connection shared;

  /**
   * Opens (and creates or migrates) the store.
   *
   * @param jdbcUrl for example {@code jdbc:sqlite:/home/me/.fleet/ledger.db}; the parent directory
   *     of a SQLite file is created when missing
   */
  public Ledger(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "ledger URL must be a JDBC URL such as jdbc:sqlite:/path/ledger.db, got: " + jdbcUrl);
    }
    this.jdbcUrl = jdbcUrl;
    this.sqlite = jdbcUrl.startsWith(SQLITE);
    this.properties = sqlite ? sqliteProperties() : new Properties();
    Path file = sqlite ? sqliteFile(jdbcUrl) : null;
    if (file != null && file.toAbsolutePath().getParent() != null) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the ledger directory for " + file, e);
      }
    }
    this.shared = sqlite && file == null ? open() : null;
    migrate();
  }

  /** The URL of the default ledger file, {@code ledger.db} in the fleet's home directory. */
  public static String sqliteUrl(Path fleetHome) {
    return SQLITE + fleetHome.resolve("ledger.db").toAbsolutePath();
  }

  /**
   * Formats a time as the ledger stores it: ISO-8601 UTC with milliseconds, fixed width, so text
   * order is time order.
   */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws. On SQLite
   * the write lock is taken at the start, so a read-then-write inside the work cannot race another
   * writer.
   */
  public <T> T inTransaction(Work<T> work) {
    return withConnection(c -> transact(c, work));
  }

  /** Runs read-only work outside a transaction; each statement sees committed data. */
  public <T> T read(Work<T> work) {
    return withConnection(work);
  }

  @Override
  public void close() {
    if (shared != null) {
      try {
        shared.close();
      } catch (SQLException e) {
        throw new LedgerException("cannot close the in-memory ledger", e);
      }
    }
  }

  /** Work against a connection; SQL failures become {@link LedgerException}. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T withConnection(Work<T> work) {
    try {
      if (shared != null) {
        synchronized (shared) {
          return work.run(shared);
        }
      }
      try (Connection c = open()) {
        return work.run(c);
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger " + jdbcUrl + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T transact(Connection c, Work<T> work) throws SQLException {
    begin(c);
    boolean committed = false;
    try {
      T result = work.run(c);
      commit(c);
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollback(c);
      }
    }
  }

  private void begin(Connection c) throws SQLException {
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
    } else {
      c.setAutoCommit(false);
    }
  }

  private void commit(Connection c) throws SQLException {
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.execute("COMMIT");
      }
    } else {
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private void rollback(Connection c) {
    try {
      if (sqlite) {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK");
        }
      } else {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // The work's own failure is the one worth reporting; the connection is discarded anyway.
    }
  }

  private Connection open() {
    try {
      return DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      throw new LedgerException("cannot open ledger " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private void migrate() {
    var flyway = Flyway.configure().locations("classpath:db/migration");
    if (shared != null) {
      flyway.dataSource(SharedConnectionDataSource.of(shared));
    } else {
      flyway.dataSource(
          jdbcUrl, properties.getProperty("user"), properties.getProperty("password"));
    }
    // Flyway cannot lock its history table on SQLite, so two workers creating the same new file
    // may collide: the loser tries again and then finds the schema current.
    FlywayException failure = null;
    for (int attempt = 1; attempt <= MIGRATION_ATTEMPTS; attempt++) {
      try {
        synchronized (Ledger.class) {
          flyway.load().migrate();
        }
        return;
      } catch (FlywayException e) {
        failure = e;
        pause(Duration.ofMillis(250L * attempt));
      }
    }
    throw new LedgerException(
        "cannot migrate ledger " + jdbcUrl + ": " + failure.getMessage(), failure);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties sqliteProperties() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.toProperties();
  }

  /** The file behind a SQLite URL, or null for an in-memory database. */
  static Path sqliteFile(String jdbcUrl) {
    String path = jdbcUrl.substring(SQLITE.length());
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
}
