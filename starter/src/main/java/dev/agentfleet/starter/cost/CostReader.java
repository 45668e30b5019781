package dev.agentfleet.starter.cost;

import dev.agentfleet.starter.FleetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Sums the model calls the activities recorded ({@code model_calls} in the fleet's SQLite ledger)
 * by agent and tier, opened read-only so looking can never change it. A ledger that does not exist
 * yet, or predates the table, has spent nothing.
 */
public final class CostReader {

  /** The ledger's time format: text order is time order. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path database;

  public CostReader(Path database) {
    this.database = database;
  }

  /**
   * The totals by agent and tier, ordered by agent then tier.
   *
   * @param agent only this agent's calls when not null
   * @param since only calls recorded at or after this time when not null
   */
  public List<CostRow> totals(String agent, Instant since) {
    if (!Files.isRegularFile(database)) {
      return List.of();
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + database)) {
      if (!hasTable(connection)) {
        return List.of();
      }
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
          statement.setString(i, TIMESTAMP.format(since));
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
          return totals;
        }
      }
    } catch (SQLException e) {
      throw new FleetException(
          "cannot read model costs from "
              + database
              + ": "
              + e.getMessage().replaceAll("\\s+", " "));
    }
  }

  private static boolean hasTable(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'model_calls'");
        ResultSet rows = statement.executeQuery()) {
      return rows.next();
    }
  }
}
