package dev.agentfleet.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the action ledger that the workers write ({@code ledger_actions}, in the fleet's SQLite
 * file or the PostgreSQL database {@code FLEET_LEDGER_URL} names), read-only so looking can never
 * change it. A ledger that does not exist yet is empty.
 */
public final class LedgerReader {

  private static final String SELECT =
      "SELECT idempotency_key, workflow_id, record_id, connector, operation, amount, currency,"
          + " approved_by, status, created_at, completed_at FROM ledger_actions";

  private final LedgerDatabase database;

  public LedgerReader(LedgerDatabase database) {
    this.database = database;
  }

  /** Every action, oldest first; only those of {@code workflowId} when it is not null. */
  public List<LedgerEntry> read(String workflowId) {
    return read(workflowId, Integer.MAX_VALUE).entries();
  }

  /**
   * The newest {@code limit} actions, oldest first, and how many there are in all.
   *
   * @param entries at most {@code limit} actions, the newest ones, oldest first
   * @param total every action that matched
   */
  public record Page(List<LedgerEntry> entries, long total) {}

  /** The newest {@code limit} actions (of {@code workflowId} when not null), oldest first. */
  public Page read(String workflowId, int limit) {
    return database.read(
        "ledger_actions",
        "the actions",
        () -> new Page(List.of(), 0),
        connection -> page(connection, workflowId, limit));
  }

  private Page page(Connection connection, String workflowId, int limit) throws SQLException {
    String where = workflowId == null ? "" : " WHERE workflow_id = ?";
    long total;
    try (PreparedStatement count =
        connection.prepareStatement("SELECT COUNT(*) FROM ledger_actions" + where)) {
      if (workflowId != null) {
        count.setString(1, workflowId);
      }
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        total = rows.getLong(1);
      }
    }
    String sql =
        SELECT
            + where
            + " ORDER BY created_at, "
            + database.dialect().actionTieBreak()
            + " LIMIT ? OFFSET ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int at = 1;
      if (workflowId != null) {
        statement.setString(at++, workflowId);
      }
      statement.setLong(at++, limit);
      statement.setLong(at, Math.max(0, total - limit));
      try (ResultSet rows = statement.executeQuery()) {
        List<LedgerEntry> entries = new ArrayList<>();
        while (rows.next()) {
          entries.add(entry(rows));
        }
        return new Page(entries, total);
      }
    }
  }

  private static LedgerEntry entry(ResultSet rows) throws SQLException {
    Object completed = rows.getObject("completed_at");
    return new LedgerEntry(
        rows.getString("idempotency_key"),
        rows.getString("workflow_id"),
        rows.getString("record_id"),
        rows.getString("connector") + "." + rows.getString("operation"),
        amount(rows.getObject("amount")),
        rows.getString("currency"),
        rows.getString("approved_by"),
        rows.getString("status"),
        timestamp(completed != null ? completed : rows.getObject("created_at")));
  }

  private static Number amount(Object value) {
    if (value == null || value instanceof Number) {
      return (Number) value;
    }
    try {
      return new BigDecimal(value.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** ISO-8601 from epoch milliseconds, epoch seconds or text as stored. */
  static String timestamp(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      long n = number.longValue();
      Instant instant = n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
      return instant.toString();
    }
    String text = value.toString().trim();
    if (text.matches("\\d+")) {
      return timestamp(Long.parseLong(text));
    }
    return text;
  }
}
