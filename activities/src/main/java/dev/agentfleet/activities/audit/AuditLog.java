package dev.agentfleet.activities.audit;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.LedgerDialect;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.audit.AuditHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The append-only, hash-chained {@code audit_log} table.
 *
 * <p>Each row's {@code hash} is made by {@link AuditHash} (in workflows/, so the CLI can check a
 * chain without the execution plane): the SHA-256 of {@code prev_hash} followed by the row's
 * length-prefixed fields, {@code entry_key, workflow_id, record_id, agent, definition_hash, kind,
 * step_id, actor, detail, at} in that order; {@code prev_hash} is the previous row's hash, or
 * {@link #GENESIS} for the first row. {@code at} is the stored text (see {@link Ledger#timestamp}).
 * Editing, inserting or deleting a row in the middle breaks the chain from that row on; the ledger
 * library's {@code ChainCheck} finds where ({@code fleet audit verify}).
 *
 * <p>Methods take the caller's connection, so an action and its audit entry commit together, and
 * must run inside a {@link Ledger#inTransaction} transaction. Two appenders must never read the
 * same last hash, or the chain forks: on SQLite the transaction's write lock keeps them apart; on
 * PostgreSQL {@link #append} first takes {@code audit_log} in {@code EXCLUSIVE} mode (see {@link
 * LedgerDialect#lockAuditLog}), held until the transaction ends, and only then reads the last hash.
 * Appends from every worker are therefore serialised; chain checks still read alongside.
 */
public final class AuditLog {

  /** The {@code prev_hash} of the first row. */
  public static final String GENESIS = AuditHash.GENESIS;

  private AuditLog() {}

  /**
   * Appends entries in order, skipping any whose {@code entry_key} is already present, so a retried
   * append writes each entry once.
   *
   * @return how many entries were written
   */
  public static int append(Connection c, List<AuditEntry> entries) throws SQLException {
    LedgerDialect.of(c).lockAuditLog(c);
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
    return AuditHash.of(prevHash, fields);
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
