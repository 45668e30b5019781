package dev.agentfleet.activities.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentfleet.ledger.LedgerLocation;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the ledger gets its connections. A SQLite file is opened afresh for each unit of work
 * (cheap, and it keeps no lock between transactions); PostgreSQL connections come from a small
 * HikariCP pool, since opening one costs a server process and a login.
 */
final class LedgerDataSources {

  /** The most PostgreSQL connections one ledger (one worker process) holds at once. */
  static final int POOL_SIZE = 10;

  /** How long a unit of work waits for a pooled connection before it fails (and is retried). */
  static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  private LedgerDataSources() {}

  static DataSource sqliteFile(String jdbcUrl) {
    SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig());
    dataSource.setUrl(jdbcUrl);
    return dataSource;
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
