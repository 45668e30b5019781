package dev.agentfleet.activities.audit;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.audit.AuditHash;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * Checks the audit log's hash chain (see {@link AuditHash} for how each hash is made). It finds any
 * edited row, and any row inserted or deleted before the last one; removing rows from the end
 * leaves a shorter chain that still verifies, so compare {@link Verification#entries()} with what
 * you expect when that matters.
 */
public final class AuditChain {

  private AuditChain() {}

  /**
   * What a walk of the chain found.
   *
   * @param entries rows checked, up to and including the first broken one
   * @param firstBrokenSeq the {@code seq} of the first row whose {@code prev_hash} does not name
   *     its predecessor or whose {@code hash} does not match its fields; empty when the chain is
   *     intact
   */
  public record Verification(long entries, OptionalLong firstBrokenSeq) {

    public boolean intact() {
      return firstBrokenSeq.isEmpty();
    }
  }

  /** Walks the whole chain in {@code seq} order. */
  public static Verification verify(Ledger ledger) {
    return ledger.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT seq, entry_key, workflow_id, record_id, agent, definition_hash, kind,"
                          + " step_id, actor, detail, at, prev_hash, hash"
                          + " FROM audit_log ORDER BY seq")) {
            String expectedPrev = AuditHash.GENESIS;
            long entries = 0;
            while (rs.next()) {
              entries++;
              String[] fields = new String[10];
              for (int i = 0; i < fields.length; i++) {
                fields[i] = rs.getString(i + 2);
              }
              String prev = rs.getString(12);
              String hash = rs.getString(13);
              if (!expectedPrev.equals(prev) || !AuditHash.of(prev, fields).equals(hash)) {
                return new Verification(entries, OptionalLong.of(rs.getLong(1)));
              }
              expectedPrev = hash;
            }
            return new Verification(entries, OptionalLong.empty());
          }
        });
  }
}
