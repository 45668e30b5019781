package dev.agentfleet.activities.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentfleet.ledger.LedgerLocation;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the ledger gets its connections: a small HikariCP pool for either store. A SQLite
 * connection is cheap to keep and dear to open (each new one reads the schema again before its
 * first statement, and sets its pragmas), so a worker keeps a few; an idle connection in WAL mode
 * holds no lock, so other workers and the CLI share the file as before. PostgreSQL connections cost
 * a server process and a login each.
 */
final class LedgerDataSources {

  /** The most PostgreSQL connections one ledger (one worker process) holds at once. */
  static final int POOL_SIZE = 10;

  /** How long a unit of work waits for a pooled connection before it fails (and is retried). */
  static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  private LedgerDataSources() {}

  /** The most SQLite connections one ledger keeps: writers queue for the file's lock anyway. */
  static final int SQLITE_POOL_SIZE = 4;

  static HikariDataSource sqliteFile(String jdbcUrl) {
    SQLiteDataSource sqlite = new SQLiteDataSource(sqliteConfig());
    sqlite.setUrl(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("fleet-ledger-sqlite");
    config.setDataSource(sqlite);
    config.setMaximumPoolSize(SQLITE_POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    return new HikariDataSource(config);
  }

  /** One connection for an in-memory SQLite database, which lives as long as it. */
  static Connection sqliteMemory(String jdbcUrl) throws SQLException {
    return sqliteConfig().createConnection(jdbcUrl);
  }

  /**
   * A pool for PostgreSQL. Its transactions run at {@code READ COMMITTED}, which the ledger's
   * locking is written for (see {@link ActionLedger}), whatever the database's default is.
   */
  static HikariDataSource postgres(LedgerLocation location) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("fleet-ledger");
    config.setJdbcUrl(location.jdbcUrl());
    if (location.user() != null) {
      config.setUsername(location.user());
    }
    if (location.password() != null) {
      config.setPassword(location.password());
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.addDataSourceProperty("ApplicationName", "agent-fleet ledger");
    return new HikariDataSource(config);
  }

  private static SQLiteConfig sqliteConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(Ledger.BUSY_TIMEOUT_MILLIS);
    return config;
  }
}
