package dev.agentfleet.activities.cost;

import dev.agentfleet.activities.ledger.Ledger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code model_calls} table: one row per model step's idempotency key. A retried attempt of the
 * same step updates the row instead of adding one, except that a cache hit never overwrites a paid
 * call: when an attempt paid for an answer, cached it and then died before reporting, the retry
 * hits the cache, and the ledger keeps what the first attempt spent.
 */
public final class ModelCalls {

  private final Ledger ledger;

  public ModelCalls(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Records a call, or updates the row its idempotency key already has, in the caller's
   * transaction.
   */
  void record(Connection c, ModelCall call) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO model_calls (id, idempotency_key, workflow_id, agent, step_id, tier,"
                + " provider, model, input_tokens, output_tokens, cost_usd, latency_ms,"
                + " cache_hit, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO UPDATE SET"
                + " workflow_id = excluded.workflow_id, agent = excluded.agent,"
                + " step_id = excluded.step_id, tier = excluded.tier,"
                + " provider = excluded.provider, model = excluded.model,"
                + " input_tokens = excluded.input_tokens,"
                + " output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd,"
                + " latency_ms = excluded.latency_ms, cache_hit = excluded.cache_hit,"
                + " at = excluded.at"
                + " WHERE model_calls.cache_hit = 1 OR excluded.cache_hit = 0")) {
      s.setString(1, UUID.randomUUID().toString());
      s.setString(2, call.idempotencyKey());
      s.setString(3, call.workflowId());
      s.setString(4, call.agent());
      s.setString(5, call.stepId());
      s.setString(6, call.tier());
      s.setString(7, call.provider());
      s.setString(8, call.model());
      s.setLong(9, call.inputTokens());
      s.setLong(10, call.outputTokens());
      s.setDouble(11, call.costUsd());
      s.setLong(12, call.latencyMillis());
      s.setInt(13, call.cacheHit() ? 1 : 0);
      s.setString(14, Ledger.timestamp(call.at()));
      s.executeUpdate();
    }
  }

  /** What an agent's model calls recorded at or after {@code since} cost, in US dollars. */
  public double spentSince(String agent, Instant since) {
    return ledger.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(cost_usd), 0) FROM model_calls WHERE agent = ? AND at >= ?")) {
            s.setString(1, agent);
            s.setString(2, Ledger.timestamp(since));
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? rs.getDouble(1) : 0.0;
            }
          }
        });
  }
}
