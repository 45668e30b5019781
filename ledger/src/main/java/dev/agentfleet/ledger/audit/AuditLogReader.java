package dev.agentfleet.ledger.audit;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the hash-chained {@code audit_log} that the workers write into the fleet's ledger (the
 * SQLite file, or the PostgreSQL database {@code FLEET_LEDGER_URL} names), read-only so checking
 * the log can never change it. Each read is one query, so it sees one consistent snapshot while
 * workers keep appending.
 */
public final class AuditLogReader {

  private static final String SELECT =
      "SELECT seq, entry_key, workflow_id, record_id, agent, definition_hash, kind, step_id,"
          + " actor, detail, at, prev_hash, hash FROM audit_log";

  private final LedgerDatabase database;

  public AuditLogReader(LedgerDatabase database) {
    this.database = database;
  }

  /**
   * True when there may be a log to read: the SQLite file is there, or the ledger is a PostgreSQL
   * database (not reaching it is an error). Reading a missing file fails.
   */
  public boolean exists() {
    return database.exists();
  }

  /** Hands every row to {@code each} in chain order ({@code seq}), one at a time. */
  public void forEachInChainOrder(Consumer<AuditRow> each) {
    query(SELECT + " ORDER BY seq", null, each);
  }

  /**
   * A run's rows in the order they happened: by time, then by place in the chain. (The chain order
   * alone can differ: an action's entry is written when it acts, the run's own entries when the run
   * next waits or ends.)
   */
  public List<AuditRow> run(String workflowId) {
    List<AuditRow> rows = new ArrayList<>();
    query(SELECT + " WHERE workflow_id = ? ORDER BY at, seq", workflowId, rows::add);
    return rows;
  }

  private void query(String sql, String parameter, Consumer<AuditRow> each) {
    if (!exists()) {
      throw new LedgerException("no ledger at " + database.describe(), null);
    }
    database.read(
        "audit_log",
        "the audit log",
        () -> {
          throw new LedgerException(
              database.describe()
                  + " has no audit_log table: it is not a fleet ledger, or no worker has opened it"
                  + " yet (run ./fleet up)",
              null);
        },
        connection -> {
          query(connection, sql, parameter, each);
          return null;
        });
  }

  private static void query(
      Connection connection, String sql, String parameter, Consumer<AuditRow> each)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (parameter != null) {
        statement.setString(1, parameter);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          each.accept(row(rows));
        }
      }
    }
  }

  private static AuditRow row(ResultSet rows) throws SQLException {
    String at = rows.getString("at");
    AuditEntry entry =
        new AuditEntry(
            rows.getString("entry_key"),
            rows.getString("workflow_id"),
            rows.getString("record_id"),
            rows.getString("agent"),
            rows.getString("definition_hash"),
            rows.getString("kind"),
            rows.getString("step_id"),
            rows.getString("actor"),
            rows.getString("detail"),
            AuditRow.epochMillis(at));
    return new AuditRow(
        rows.getLong("seq"), entry, at, rows.getString("prev_hash"), rows.getString("hash"));
  }
}
