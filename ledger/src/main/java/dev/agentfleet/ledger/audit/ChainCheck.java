package dev.agentfleet.ledger.audit;

import dev.agentfleet.workflows.audit.AuditHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks the audit chain in {@code seq} order and finds the first entry where it does not hold: an
 * entry whose {@code prev_hash} is not the hash of the entry before it (something before it was
 * deleted, inserted or re-hashed), or whose stored fields no longer make its stored hash (it was
 * edited). The CLI's {@code fleet audit verify} and the workers' tests check with it. With anchors
 * (the anchor file, the heads the anchor workflow recorded in Temporal) it also checks that each
 * anchored entry is still there with the same hash, which is what detects entries deleted from the
 * end.
 *
 * <p>A gap in {@code seq} alone is not a break: SQLite (and PostgreSQL) use up a sequence number
 * when a retried append skips an entry that is already there. The hash links are what count; a gap
 * only explains a broken link ({@link ChainBreak#MISSING_SEQ}).
 */
public final class ChainCheck implements Consumer<AuditRow> {

  /**
   * An anchor and where it comes from, for messages.
   *
   * @param source how to name it: {@code the anchor} (the file), {@code the Temporal anchor
   *     (workflow audit-anchor/agent-fleet)}
   */
  public record Claim(String source, AuditAnchor anchor) {}

  private final List<Claim> claims;
  private final Set<Long> wanted;
  private final Map<Long, AuditRow> anchored = new HashMap<>();
  private long entries;
  private long previousSeq;
  private String previousHash = AuditHash.GENESIS;
  private ChainBreak firstBroken;

  /** A check against every anchor given, highest {@code seq} first when several fail. */
  public ChainCheck(List<Claim> claims) {
    List<Claim> sorted = new ArrayList<>(claims);
    sorted.sort(Comparator.comparingLong((Claim c) -> c.anchor().lastSeq()).reversed());
    this.claims = List.copyOf(sorted);
    this.wanted = new HashSet<>();
    claims.forEach(c -> wanted.add(c.anchor().lastSeq()));
  }

  /** Reads the whole log through {@code reader} and checks it against every anchor given. */
  public static ChainReport verify(AuditLogReader reader, List<Claim> claims) {
    ChainCheck check = new ChainCheck(claims);
    reader.forEachInChainOrder(check);
    return check.report();
  }

  /** Checks the next row; rows must come in ascending {@code seq} order. */
  @Override
  public void accept(AuditRow row) {
    entries++;
    if (wanted.contains(row.seq())) {
      anchored.put(row.seq(), row);
    }
    if (firstBroken == null) {
      firstBroken = check(row);
    }
    previousSeq = row.seq();
    previousHash = row.hash();
  }

  /** What the rows seen so far and the anchor show. */
  public ChainReport report() {
    ChainBreak broken = firstBroken != null ? firstBroken : checkAnchor();
    return new ChainReport(broken == null, entries, previousSeq, previousHash, broken);
  }

  private ChainBreak check(AuditRow row) {
    if (!Objects.equals(row.prevHash(), previousHash)) {
      if (row.seq() > previousSeq + 1) {
        return ChainBreak.at(
            row,
            ChainBreak.MISSING_SEQ,
            range(previousSeq + 1, row.seq() - 1)
                + " gone: this entry's prev_hash names an entry that is no longer in the log");
      }
      return ChainBreak.at(
          row,
          ChainBreak.PREV_LINK_MISMATCH,
          previousSeq == 0
              ? "it is the first entry, but its prev_hash is not the genesis hash (64 zeros):"
                  + " entries before it were deleted, or its prev_hash was changed"
              : "its prev_hash is not the hash of entry seq="
                  + previousSeq
                  + " before it: one of the two was changed and re-hashed, or an entry was"
                  + " inserted");
    }
    if (!row.recomputedHash().equals(row.hash())) {
      return ChainBreak.at(
          row,
          ChainBreak.HASH_MISMATCH,
          "its stored fields no longer make its stored hash: it was edited after it was written");
    }
    return null;
  }

  private ChainBreak checkAnchor() {
    for (Claim claim : claims) {
      ChainBreak broken = checkAnchor(claim.source(), claim.anchor());
      if (broken != null) {
        return broken;
      }
    }
    return null;
  }

  private ChainBreak checkAnchor(String source, AuditAnchor anchor) {
    if (anchor.lastSeq() == 0) {
      return null;
    }
    AuditRow anchored = this.anchored.get(anchor.lastSeq());
    String anchoredText =
        source
            + " taken at "
            + anchor.at()
            + " recorded "
            + anchor.entries()
            + " entries ending at seq="
            + anchor.lastSeq();
    if (anchored == null) {
      return new ChainBreak(
          anchor.lastSeq(),
          null,
          null,
          null,
          ChainBreak.MISSING_SEQ,
          anchoredText
              + ", but the log "
              + (entries == 0 ? "has no entries at all" : "ends at seq=" + previousSeq)
              + " without it: entries were deleted from the end"
              + (previousSeq < anchor.lastSeq()
                  ? " (entries after seq=" + previousSeq + " up to seq=" + anchor.lastSeq() + ")"
                  : ""));
    }
    if (!Objects.equals(anchored.hash(), anchor.lastHash())) {
      return ChainBreak.at(
          anchored,
          ChainBreak.ANCHOR_MISMATCH,
          anchoredText
              + " with hash "
              + anchor.lastHash()
              + ", but that entry's hash is now "
              + anchored.hash()
              + ": the chain up to it was rewritten and re-hashed");
    }
    return null;
  }

  private static String range(long from, long to) {
    return from == to ? "entry seq=" + from + " is" : "entries seq=" + from + " to " + to + " are";
  }
}
