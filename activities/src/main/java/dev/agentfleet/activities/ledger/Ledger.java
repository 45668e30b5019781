package dev.agentfleet.activities.ledger;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerDialect;
import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LedgerTime;
import dev.agentfleet.ledger.LedgerWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The workers' handle on the fleet's durable store behind one JDBC URL, SQLite or PostgreSQL: the
 * action ledger, the sandbox connectors' effects and the audit log. Where it is and how its
 * password is masked come from the ledger library ({@link LedgerLocation}), which the CLI reads it
 * with too ({@link LedgerDatabase}). Opening it applies the Flyway migrations of its {@link
 * LedgerDialect} ({@code db/migration/sqlite} or {@code db/migration/postgresql}: the same
 * versions, tables and columns), so a new database is ready to use.
 *
 * <p>SQLite files are opened in WAL mode with a busy timeout, synchronous {@code NORMAL}, and every
 * transaction starts with {@code BEGIN IMMEDIATE}: several worker processes can share one file, and
 * writers queue for the lock instead of failing half way. An in-memory SQLite URL keeps one
 * connection for the ledger's lifetime and serialises work on it. PostgreSQL connections come from
 * a small pool, and transactions run at {@code READ COMMITTED}; the callers lock what they read
 * before they write (see {@link ActionLedger} and {@link LedgerDialect}).
 *
 * <p>Failures of the store surface as {@link LedgerException}, which Temporal retries. Messages
 * name the database by its {@linkplain LedgerLocation#redacted() redacted} URL and never carry its
 * password.
 */
public final class Ledger implements AutoCloseable {

  /** How long a SQLite writer waits for another writer's lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = LedgerDatabase.BUSY_TIMEOUT_MILLIS;

  private static final int MIGRATION_ATTEMPTS = 3;

  private final LedgerLocation location;
  private final LedgerDialect dialect;
  private final Connection shared;
  private final DataSource dataSource;
  private final ReentrantLock fileWriters;

  /**
   * Opens (and creates or migrates) the store.
   *
   * @param jdbcUrl for example {@code jdbc:sqlite:/home/me/.fleet/ledger.db}, whose parent
   *     directory is created when missing, or {@code jdbc:postgresql://db:5432/fleet?user=fleet}
   */
  public Ledger(String jdbcUrl) {
    this(LedgerLocation.of(jdbcUrl));
  }

  /** Opens (and creates or migrates) the store at a location with separate credentials. */
  public Ledger(LedgerLocation location) {
    String url = location.jdbcUrl();
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "ledger URL must be a JDBC URL such as jdbc:sqlite:/path/ledger.db, got: "
              + location.redacted());
    }
    this.location = location;
    this.dialect = LedgerDialect.of(url);
    Path file = dialect == LedgerDialect.SQLITE ? location.sqliteFile() : null;
    if (file != null && file.toAbsolutePath().getParent() != null) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the ledger directory for " + file, e);
      }
    }
    try {
      if (dialect == LedgerDialect.POSTGRESQL) {
        this.shared = null;
        this.dataSource = LedgerDataSources.postgres(location);
      } else if (file == null) {
        this.shared = LedgerDataSources.sqliteMemory(url);
        this.dataSource = SharedConnectionDataSource.of(shared);
      } else {
        this.shared = null;
        this.dataSource = LedgerDataSources.sqliteFile(url);
      }
    } catch (SQLException | RuntimeException e) {
      throw failure("cannot open ledger", e);
    }
    this.fileWriters = file != null ? new ReentrantLock(true) : null;
    try {
      migrate();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The URL of the default ledger file, {@code ledger.db} in the fleet's home directory. */
  public static String sqliteUrl(Path fleetHome) {
    return LedgerDialect.SQLITE.urlPrefix() + fleetHome.resolve("ledger.db").toAbsolutePath();
  }

  /**
   * Formats a time as the ledger stores it: ISO-8601 UTC with milliseconds, fixed width, so text
   * order is time order.
   */
  public static String timestamp(Instant instant) {
    return LedgerTime.format(instant);
  }

  /** Where this ledger is, to open it apart as the CLI does ({@link LedgerDatabase}). */
  public LedgerLocation location() {
    return location;
  }

  /** The URL without its password, for logs and messages. */
  public String describe() {
    return location.redacted();
  }

  public LedgerDialect dialect() {
    return dialect;
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws. On SQLite
   * the write lock is taken at the start, so a read-then-write inside the work cannot race another
   * writer; on PostgreSQL the work locks the rows it reads before it writes them.
   */
  public <T> T inTransaction(LedgerWork<T> work) {
    if (fileWriters == null) {
      return withConnection(c -> transact(c, work));
    }
    // Writers in this process queue here, where the one leaving wakes the next at once; left to
    // SQLite they would sleep in its busy handler's backoff (up to 100 ms a try) while the file's
    // lock is taken, which under a burst of activities cost more than the writes themselves.
    // Writers in other processes still meet at the file's lock, with the busy timeout.
    fileWriters.lock();
    try {
      return withConnection(c -> transact(c, work));
    } finally {
      fileWriters.unlock();
    }
  }

  /**
   * Runs read-only work outside a transaction; each statement sees committed data. SQL failures,
   * here and in {@link #inTransaction}, become {@link LedgerException}.
   */
  public <T> T read(LedgerWork<T> work) {
    return withConnection(work);
  }

  @Override
  public void close() {
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
    if (shared != null) {
      try {
        shared.close();
      } catch (SQLException e) {
        throw new LedgerException("cannot close the in-memory ledger", e);
      }
    }
  }

  private <T> T withConnection(LedgerWork<T> work) {
    try {
      if (shared != null) {
        synchronized (shared) {
          return work.run(shared);
        }
      }
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      }
    } catch (SQLException e) {
      throw failure("ledger failed", e);
    }
  }

  private <T> T transact(Connection c, LedgerWork<T> work) throws SQLException {
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
    if (dialect == LedgerDialect.SQLITE) {
      execute(c, "BEGIN IMMEDIATE");
    } else {
      c.setAutoCommit(false);
    }
  }

  private void commit(Connection c) throws SQLException {
    if (dialect == LedgerDialect.SQLITE) {
      execute(c, "COMMIT");
    } else {
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private void rollback(Connection c) {
    try {
      if (dialect == LedgerDialect.SQLITE) {
        execute(c, "ROLLBACK");
      } else {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // The work's own failure is the one worth reporting; the pool discards a broken connection.
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void migrate() {
    var flyway = Flyway.configure().locations(dialect.migrations()).dataSource(dataSource);
    // Flyway cannot lock its history table on SQLite, so two workers creating the same new file
    // may collide: the loser tries again and then finds the schema current. On PostgreSQL Flyway
    // takes an advisory lock, so concurrent workers migrate one after the other.
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
    throw failure("cannot migrate ledger", failure);
  }

  /** A failure whose message, and cause if it is kept, cannot reveal the password. */
  private LedgerException failure(String what, Exception cause) {
    String message = location.scrub(what + " " + location.redacted() + ": " + cause.getMessage());
    return new LedgerException(message, location.revealedIn(cause) ? null : cause);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
