package dev.agentfleet.activities.audit;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only, hash-chained {@code audit_log} table.
 *
 * <p>Each row's {@code hash} is the lower-case hex SHA-256 of the UTF-8 bytes of {@code prev_hash}
 * followed by the row's canonical form; {@code prev_hash} is the previous row's hash, or {@link
 * #GENESIS} for the first row. The canonical form concatenates, in this order, {@code entry_key,
 * workflow_id, record_id, agent, definition_hash, kind, step_id, actor, detail, at}, each written
 * as {@code -} when null and otherwise as its UTF-8 byte length, a colon and the text itself
 * ({@code 5:hello}), so no two different rows share a form. {@code at} is the stored text (see
 * {@link Ledger#timestamp}). Editing, inserting or deleting a row in the middle breaks the chain
 * from that row on; see {@link AuditChain}.
 *
 * <p>Methods take the caller's connection, so an action and its audit entry commit together. The
 * caller must hold the write lock (a {@link Ledger#inTransaction} transaction) for the chain to
 * stay linear.
 */
public final class AuditLog {

  /** The {@code prev_hash} of the first row. */
  public static final String GENESIS = "0".repeat(64);

  private AuditLog() {}

  /**
   * Appends entries in order, skipping any whose {@code entry_key} is already present, so a retried
   * append writes each entry once.
   *
   * @return how many entries were written
   */
  public static int append(Connection c, List<AuditEntry> entries) throws SQLException {
    String prev = lastHash(c);
    int written = 0;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO audit_log (entry_key, workflow_id, record_id, agent, definition_hash,"
                + " kind, step_id, actor, detail, at, prev_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (entry_key) DO NOTHING")) {
      for (AuditEntry e : entries) {
        String[] fields = fields(e);
        String hash = hash(prev, fields);
        for (int i = 0; i < fields.length; i++) {
          s.setString(i + 1, fields[i]);
        }
        s.setString(fields.length + 1, prev);
        s.setString(fields.length + 2, hash);
        if (s.executeUpdate() == 1) {
          prev = hash;
          written++;
        }
      }
    }
    return written;
  }

  /** The hash of a row given its predecessor's hash and its fields in canonical order. */
  static String hash(String prevHash, String... fields) {
    StringBuilder text = new StringBuilder(prevHash);
    for (String field : fields) {
      if (field == null) {
        text.append('-');
      } else {
        text.append(field.getBytes(StandardCharsets.UTF_8).length).append(':').append(field);
      }
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String[] fields(AuditEntry e) {
    return new String[] {
      e.entryKey(),
      e.workflowId(),
      e.recordId(),
      e.agent(),
      e.definitionHash(),
      e.kind(),
      e.stepId(),
      e.actor(),
      e.detail(),
      Ledger.timestamp(Instant.ofEpochMilli(e.at()))
    };
  }

  private static String lastHash(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : GENESIS;
    }
  }
}
