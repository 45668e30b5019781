package dev.agentfleet.activities.memory;

import dev.agentfleet.activities.ledger.Ledger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code memory_items} table in the ledger database. Every write is one transaction that first
 * deletes what has expired, so expired cases never pile up, and ends by evicting the oldest cases
 * of the namespace beyond its cap.
 */
final class MemoryStore {

  /** A case to store. */
  record Item(
      String id,
      String idempotencyKey,
      String agent,
      String namespace,
      String text,
      String textHash,
      String embeddingModel,
      float[] embedding,
      String outcomeJson,
      Instant createdAt,
      Instant expiresAt) {}

  /** A stored, unexpired case as recall reads it. */
  record Stored(String text, float[] embedding, String outcomeJson, Instant createdAt) {}

  /** What a write did: the item's id, whether the key was already stored, what was removed. */
  record Written(String id, boolean duplicate, int evicted) {}

  private final Ledger ledger;

  MemoryStore(Ledger ledger) {
    this.ledger = ledger;
  }

  /** The id of the item stored under an idempotency key, if any. */
  Optional<String> idFor(String idempotencyKey) {
    return ledger.read(c -> findId(c, idempotencyKey));
  }

  /**
   * Stores an item unless its idempotency key is stored already: deletes every expired item, then
   * an older item of the same agent, namespace and text, inserts, and evicts the namespace's oldest
   * items beyond {@code maxItems}.
   */
  Written write(Item item, int maxItems) {
    return ledger.inTransaction(
        c -> {
          Optional<String> existing = findId(c, item.idempotencyKey());
          if (existing.isPresent()) {
            return new Written(existing.get(), true, 0);
          }
          int evicted =
              update(
                  c,
                  "DELETE FROM memory_items WHERE expires_at <= ?",
                  Ledger.timestamp(item.createdAt()));
          evicted +=
              update(
                  c,
                  "DELETE FROM memory_items WHERE agent = ? AND namespace = ? AND text_hash = ?",
                  item.agent(),
                  item.namespace(),
                  item.textHash());
          int inserted =
              update(
                  c,
                  "INSERT INTO memory_items (id, idempotency_key, agent, namespace, text, text_hash,"
                      + " embedding_model, embedding, outcome_json, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (idempotency_key) DO NOTHING",
                  item.id(),
                  item.idempotencyKey(),
                  item.agent(),
                  item.namespace(),
                  item.text(),
                  item.textHash(),
                  item.embeddingModel(),
                  Vectors.toBytes(item.embedding()),
                  item.outcomeJson(),
                  Ledger.timestamp(item.createdAt()),
                  Ledger.timestamp(item.expiresAt()));
          if (inserted == 0) {
            // Another worker stored the same key between our check and our insert.
            return new Written(findId(c, item.idempotencyKey()).orElseThrow(), true, evicted);
          }
          long excess = count(c, item.agent(), item.namespace()) - maxItems;
          if (excess > 0) {
            evicted +=
                update(
                    c,
                    "DELETE FROM memory_items WHERE id IN (SELECT id FROM memory_items"
                        + " WHERE agent = ? AND namespace = ?"
                        + " ORDER BY created_at ASC, id ASC LIMIT ?)",
                    item.agent(),
                    item.namespace(),
                    excess);
          }
          return new Written(item.id(), false, evicted);
        });
  }

  /** The unexpired items of an agent's namespace whose vectors come from the given model. */
  List<Stored> unexpired(String agent, String namespace, String embeddingModel, Instant now) {
    return ledger.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT text, embedding, outcome_json, created_at FROM memory_items"
                      + " WHERE agent = ? AND namespace = ? AND embedding_model = ?"
                      + " AND expires_at > ?")) {
            s.setString(1, agent);
            s.setString(2, namespace);
            s.setString(3, embeddingModel);
            s.setString(4, Ledger.timestamp(now));
            List<Stored> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new Stored(
                        rs.getString(1),
                        Vectors.fromBytes(rs.getBytes(2)),
                        rs.getString(3),
                        Instant.parse(rs.getString(4))));
              }
            }
            return rows;
          }
        });
  }

  private static Optional<String> findId(Connection c, String idempotencyKey) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT id FROM memory_items WHERE idempotency_key = ?")) {
      s.setString(1, idempotencyKey);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static long count(Connection c, String agent, String namespace) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM memory_items WHERE agent = ? AND namespace = ?")) {
      s.setString(1, agent);
      s.setString(2, namespace);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof byte[] bytes) {
          s.setBytes(i + 1, bytes);
        } else {
          s.setObject(i + 1, args[i]);
        }
      }
      return s.executeUpdate();
    }
  }
}
