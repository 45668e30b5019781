package dev.agentfleet.activities.audit;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.audit.AuditAnchorActivities;
import dev.agentfleet.workflows.audit.AuditHash;
import dev.agentfleet.workflows.audit.AuditHead;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

/**
 * Reads the audit chain's head for the anchor workflow, in one read transaction: the row count, the
 * last row's {@code seq} and hash, and whether the previously anchored row is still there with its
 * hash. Read-only, so retrying it is always safe.
 */
public final class AuditAnchorActivitiesImpl implements AuditAnchorActivities {

  private final Ledger ledger;
  private final Clock clock;

  public AuditAnchorActivitiesImpl(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public AuditHead head(AuditHead anchored) {
    return ledger.read(
        c -> {
          long entries;
          long lastSeq = 0;
          String lastHash = AuditHash.GENESIS;
          try (Statement s = c.createStatement();
              ResultSet count = s.executeQuery("SELECT COUNT(*) FROM audit_log")) {
            count.next();
            entries = count.getLong(1);
          }
          try (Statement s = c.createStatement();
              ResultSet last =
                  s.executeQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
            if (last.next()) {
              lastSeq = last.getLong(1);
              lastHash = last.getString(2);
            }
          }
          String problem = null;
          if (anchored != null && anchored.lastSeq() > 0) {
            try (PreparedStatement s =
                c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
              s.setLong(1, anchored.lastSeq());
              try (ResultSet row = s.executeQuery()) {
                problem = problem(anchored, row.next() ? row.getString(1) : null, lastSeq);
              }
            }
          }
          return new AuditHead(
              entries, lastSeq, lastHash, Ledger.timestamp(clock.instant()), problem);
        });
  }

  private static String problem(AuditHead anchored, String hashNow, long lastSeq) {
    String was =
        "entry seq=" + anchored.lastSeq() + ", the chain's head anchored at " + anchored.at();
    if (hashNow == null) {
      return was
          + ", is gone and the log ends at seq="
          + lastSeq
          + ": entries after seq="
          + Math.min(lastSeq, anchored.lastSeq())
          + " up to seq="
          + anchored.lastSeq()
          + " were deleted";
    }
    if (!hashNow.equals(anchored.lastHash())) {
      return was
          + ", now has hash "
          + hashNow
          + " instead of "
          + anchored.lastHash()
          + ": the chain up to it was rewritten and re-hashed";
    }
    return null;
  }
}
