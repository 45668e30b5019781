package dev.agentfleet.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The databases the ledger runs on, and the few places where their SQL or locking differ, for the
 * workers that write it and the CLI that reads it. Both get the same tables and columns from
 * migrations with the same version numbers, one folder each under {@code db/migration}.
 *
 * <p>SQLite has one writer at a time: every ledger transaction starts with {@code BEGIN IMMEDIATE},
 * which takes the database's write lock up front, so nothing else needs locking. PostgreSQL runs
 * writers side by side under {@code READ COMMITTED}, so the ledger locks what it reads before it
 * writes: the action's ledger row ({@link #lockRow()}) and, for appends, the audit log as a whole
 * ({@link #lockAuditLog(Connection)}).
 */
public enum LedgerDialect {
  SQLITE("jdbc:sqlite:", "sqlite", ""),
  POSTGRESQL("jdbc:postgresql:", "postgresql", " FOR UPDATE");

  private final String urlPrefix;
  private final String folder;
  private final String lockRow;

  LedgerDialect(String urlPrefix, String folder, String lockRow) {
    this.urlPrefix = urlPrefix;
    this.folder = folder;
    this.lockRow = lockRow;
  }

  /** The dialect a JDBC URL names, or an exception that lists the URLs the ledger accepts. */
  public static LedgerDialect of(String jdbcUrl) {
    for (LedgerDialect dialect : values()) {
      if (jdbcUrl != null && jdbcUrl.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    throw new IllegalArgumentException(
        "the ledger runs on SQLite or PostgreSQL: set FLEET_LEDGER_URL to"
            + " jdbc:sqlite:/path/ledger.db or jdbc:postgresql://host:5432/database, got: "
            + LedgerLocation.redact(jdbcUrl));
  }

  /** The dialect of an open connection, from the database product it reports. */
  public static LedgerDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    return switch (product.toLowerCase(Locale.ROOT)) {
      case "sqlite" -> SQLITE;
      case "postgresql" -> POSTGRESQL;
      default ->
          throw new SQLException(
              "the ledger runs on SQLite or PostgreSQL, this connection is to " + product);
    };
  }

  /** How this database's JDBC URLs begin: {@code jdbc:sqlite:}, {@code jdbc:postgresql:}. */
  public String urlPrefix() {
    return urlPrefix;
  }

  /** True when the ledger holds the table, which older ledgers or fresh databases may lack. */
  public boolean hasTable(Connection connection, String table) throws SQLException {
    String sql =
        this == SQLITE
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
  public String actionTieBreak() {
    return this == SQLITE ? "rowid" : "idempotency_key";
  }

  /** The Flyway location of this database's migrations. */
  public String migrations() {
    return "classpath:db/migration/" + folder;
  }

  /**
   * What to append to a {@code SELECT} of one row so the transaction holds that row until it ends:
   * {@code FOR UPDATE} on PostgreSQL, nothing on SQLite (whose transactions hold the write lock).
   */
  public String lockRow() {
    return lockRow;
  }

  /**
   * Makes the caller's transaction the only one appending to {@code audit_log} until it ends, so
   * the last hash it reads is still the last when it inserts. On PostgreSQL this takes the table in
   * {@code EXCLUSIVE} mode, which lets readers (a chain check) go on and makes other appenders
   * wait; on SQLite the transaction's write lock already does it.
   */
  public void lockAuditLog(Connection transaction) throws SQLException {
    if (this == POSTGRESQL) {
      try (Statement s = transaction.createStatement()) {
        s.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
      }
    }
  }
}
