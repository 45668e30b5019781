package dev.agentfleet.workflows.audit;

/**
 * Where the audit chain ends at one moment, as the anchor workflow records it in its history, and
 * whether the chain still holds the head recorded before it.
 *
 * @param entries rows in the log
 * @param lastSeq the last row's {@code seq}; 0 for an empty log
 * @param lastHash the last row's hash; {@link AuditHash#GENESIS} for an empty log
 * @param at when it was read (ISO-8601 UTC, the reading worker's clock)
 * @param problem null when the previously anchored head is still in the log with its hash;
 *     otherwise what is wrong (entries deleted from the end, or the chain re-hashed)
 */
public record AuditHead(long entries, long lastSeq, String lastHash, String at, String problem) {

  /** True when this head extends the anchored one: the chain is longer and nothing was cut. */
  public boolean advancesFrom(AuditHead anchored) {
    return problem == null && (anchored == null || lastSeq > anchored.lastSeq());
  }
}
