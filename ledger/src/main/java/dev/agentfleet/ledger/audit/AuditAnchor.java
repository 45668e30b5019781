package dev.agentfleet.ledger.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where the audit chain ended when it last verified: its entry count, last {@code seq} and last
 * hash. A hash chain alone cannot tell a log whose newest entries were deleted from one that never
 * had them; a later check that no longer finds the anchored entry, or finds it with another hash,
 * can. The anchor proves nothing against someone who can also rewrite it, so keep a copy (or the
 * last hash) somewhere the ledger's writers cannot reach. {@code fleet audit verify} keeps it in a
 * file.
 *
 * @param entries entries in the log when the anchor was taken
 * @param lastSeq the {@code seq} of the last entry then; 0 for an empty log
 * @param lastHash that entry's hash; {@code GENESIS} for an empty log
 * @param at when the anchor was taken (ISO-8601)
 */
@JsonPropertyOrder({"entries", "lastSeq", "lastHash", "at"})
public record AuditAnchor(long entries, long lastSeq, String lastHash, String at) {}
