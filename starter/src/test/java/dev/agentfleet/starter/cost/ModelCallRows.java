package dev.agentfleet.starter.cost;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes {@code model_calls} rows as a worker records them, for the CLI's cost tests. */
public final class ModelCallRows {

  private ModelCallRows() {}

  /**
   * One call of the model step {@code key} ({@code <workflow id>/<step id>}).
   *
   * @param at the stored time text, e.g. {@code 2025-06-01T09:00:00.000Z}
   */
  public static void insert(
      Connection c,
      String key,
      String agent,
      String tier,
      long in,
      long out,
      double usd,
      long ms,
      boolean hit,
      String at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO model_calls (id, idempotency_key, workflow_id, agent, step_id, tier,"
                + " provider, model, input_tokens, output_tokens, cost_usd, latency_ms,"
                + " cache_hit, at) VALUES (?, ?, ?, ?, ?, ?, 'openai', 'gpt-4o-mini', ?, ?, ?,"
                + " ?, ?, ?)")) {
      s.setString(1, "id-" + key);
      s.setString(2, key);
      s.setString(3, key.substring(0, key.lastIndexOf('/')));
      s.setString(4, agent);
      s.setString(5, key.substring(key.lastIndexOf('/') + 1));
      s.setString(6, tier);
      s.setLong(7, in);
      s.setLong(8, out);
      s.setDouble(9, usd);
      s.setLong(10, ms);
      s.setInt(11, hit ? 1 : 0);
      s.setString(12, at);
      s.executeUpdate();
    }
  }
}
