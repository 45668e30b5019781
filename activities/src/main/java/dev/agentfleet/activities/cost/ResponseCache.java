package dev.agentfleet.activities.cost;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The content-addressed response cache in the ledger database ({@code model_cache}): a request's
 * {@link CacheKey} to the output that passed its contract. Entries are never replaced: the first
 * conforming answer to a question is the answer, so a repeated decision is the same decision.
 */
public final class ResponseCache {

  private final Ledger ledger;

  public ResponseCache(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Returns the stored output for a key; empty when there is none. It only reads (a miss takes no
   * write lock): the hit is counted when the call is accounted ({@link #countHit}).
   */
  public Optional<Map<String, Object>> lookup(String key) {
    return ledger.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT output_json FROM model_cache WHERE cache_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(LedgerJson.readMap(rs.getString(1)))
                  : Optional.<Map<String, Object>>empty();
            }
          }
        });
  }

  /** Counts one answer served from the cache, in the caller's transaction. */
  void countHit(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE model_cache SET hits = hits + 1 WHERE cache_key = ?")) {
      s.setString(1, key);
      s.executeUpdate();
    }
  }

  /**
   * Stores an output that passed its contract, unless the key already has one, in the caller's
   * transaction.
   */
  void store(Connection c, String key, Map<String, Object> output, Instant at) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO model_cache (cache_key, output_json, created_at, hits)"
                + " VALUES (?, ?, ?, 0) ON CONFLICT (cache_key) DO NOTHING")) {
      s.setString(1, key);
      s.setString(2, LedgerJson.write(output));
      s.setString(3, Ledger.timestamp(at));
      s.executeUpdate();
    }
  }

  /** How many times a key was served from the cache; zero when it is not there. */
  public long hits(String key) {
    return ledger.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT hits FROM model_cache WHERE cache_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0L;
            }
          }
        });
  }
}
