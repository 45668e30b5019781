package dev.agentfleet.ledger.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * What a walk of the whole audit chain found. The JSON form is the {@code fleet audit verify
 * --json} contract.
 *
 * @param intact true when every entry links to the one before it, every hash matches its entry, and
 *     the anchored end (when there is an anchor) is still there
 * @param entries how many entries the log holds
 * @param lastSeq the {@code seq} of the last entry; 0 for an empty log
 * @param lastHash the hash of the last entry as stored; {@code GENESIS} for an empty log
 * @param firstBroken where the chain first fails to hold; null when intact
 */
@JsonPropertyOrder({"intact", "entries", "lastHash", "firstBroken"})
public record ChainReport(
    boolean intact,
    long entries,
    @JsonIgnore long lastSeq,
    String lastHash,
    ChainBreak firstBroken) {

  /** The anchor that records where this (intact) chain ends now. */
  public AuditAnchor anchor(Instant now) {
    if (!intact) {
      throw new IllegalStateException("a broken chain is never anchored");
    }
    return new AuditAnchor(entries, lastSeq, lastHash, now.toString());
  }
}
