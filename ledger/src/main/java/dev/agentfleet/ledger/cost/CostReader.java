package dev.agentfleet.ledger.cost;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sums the model calls the activities recorded ({@code model_calls} in the fleet's ledger: the
 * SQLite file, or the PostgreSQL database {@code FLEET_LEDGER_URL} names) by agent and tier,
 * read-only so looking can never change it. A ledger that does not exist yet, or predates the
 * table, has spent nothing. The query is the same on both databases.
 */
public final class CostReader {

  private static final Comparator<CostRow> BY_AGENT_AND_TIER =
      Comparator.comparing(CostRow::agent, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
          .thenComparing(CostRow::tier, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

  private final LedgerDatabase database;

  public CostReader(LedgerDatabase database) {
    this.database = database;
  }

  /**
   * The totals by agent and tier, ordered by agent then tier.
   *
   * @param agent only this agent's calls when not null
   * @param since only calls recorded at or after this time when not null
   */
  public List<CostRow> totals(String agent, Instant since) {
    return database.read("model_calls", "model costs", List::of, c -> totals(c, agent, since));
  }

  private static List<CostRow> totals(Connection connection, String agent, Instant since)
      throws SQLException {
    List<String> where = new ArrayList<>();
    if (agent != null) {
      where.add("agent = ?");
    }
    if (since != null) {
      where.add("at >= ?");
    }
    String sql =
        "SELECT agent, tier, COUNT(*), COALESCE(SUM(input_tokens), 0),"
            + " COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0),"
            + " COALESCE(SUM(cache_hit), 0), COALESCE(AVG(latency_ms), 0) FROM model_calls"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " GROUP BY agent, tier ORDER BY agent, tier";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      if (agent != null) {
        statement.setString(i++, agent);
      }
      if (since != null) {
        statement.setString(i, LedgerTime.format(since));
      }
      try (ResultSet rows = statement.executeQuery()) {
        List<CostRow> totals = new ArrayList<>();
        while (rows.next()) {
          totals.add(
              new CostRow(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  rows.getDouble(6),
                  rows.getLong(7),
                  Math.round(rows.getDouble(8))));
        }
        // The same order on both databases, whatever PostgreSQL's collation and NULL order.
        totals.sort(BY_AGENT_AND_TIER);
        return totals;
      }
    }
  }
}
