package dev.agentfleet.ledger.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The first place where the audit chain does not hold.
 *
 * @param seq the entry named: the edited one, the first one after deleted entries, or for a cut
 *     tail the anchored entry that is gone
 * @param entryKey the named entry's key; null when the entry is gone
 * @param workflowId the run the named entry belongs to; null when the entry is gone
 * @param kind the named entry's kind; null when the entry is gone
 * @param problem one of {@link #HASH_MISMATCH}, {@link #PREV_LINK_MISMATCH}, {@link #MISSING_SEQ},
 *     {@link #ANCHOR_MISMATCH}, for scripts
 * @param explanation what that means for this entry, for people
 */
@JsonPropertyOrder({"seq", "entryKey", "workflowId", "kind", "problem", "explanation"})
public record ChainBreak(
    long seq, String entryKey, String workflowId, String kind, String problem, String explanation) {

  /** The entry's stored fields no longer make its stored hash: it was edited. */
  public static final String HASH_MISMATCH = "hash mismatch";

  /** The entry's {@code prev_hash} does not name the entry before it. */
  public static final String PREV_LINK_MISMATCH = "prev link mismatch";

  /** Entries before this one, or anchored entries at the end, are gone. */
  public static final String MISSING_SEQ = "missing seq";

  /** The anchored entry is there with another hash: the chain was rewritten and re-hashed. */
  public static final String ANCHOR_MISMATCH = "anchor mismatch";

  static ChainBreak at(AuditRow row, String problem, String explanation) {
    return new ChainBreak(
        row.seq(),
        row.entry().entryKey(),
        row.entry().workflowId(),
        row.entry().kind(),
        problem,
        explanation);
  }
}
