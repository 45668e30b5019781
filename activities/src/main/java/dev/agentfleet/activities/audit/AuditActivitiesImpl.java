package dev.agentfleet.activities.audit;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.audit.AuditActivities;
import dev.agentfleet.workflows.audit.AuditEntry;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * Appends a run's audit entries to the ledger's hash-chained {@code audit_log}, in the order given
 * and in one transaction. Entries whose key is already present are skipped, so a retry after a
 * crash or a timeout writes nothing twice. Appends from this process are serialised; appends from
 * other processes wait for SQLite's write lock.
 */
public final class AuditActivitiesImpl implements AuditActivities {

  /** Failure type of an entry that cannot be written (no key, no kind); never retried. */
  public static final String INVALID_AUDIT_ENTRY = "InvalidAuditEntry";

  private final Ledger ledger;

  public AuditActivitiesImpl(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public synchronized void append(List<AuditEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return;
    }
    for (AuditEntry e : entries) {
      if (e == null || isBlank(e.entryKey()) || isBlank(e.kind())) {
        throw ApplicationFailure.newNonRetryableFailure(
            e == null
                ? "audit entry is null"
                : "audit entry needs an entryKey and a kind, got entryKey="
                    + e.entryKey()
                    + " kind="
                    + e.kind(),
            INVALID_AUDIT_ENTRY);
      }
    }
    ledger.inTransaction(c -> AuditLog.append(c, entries));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
