package dev.agentfleet.starter.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.agentfleet.workflows.audit.AuditHash;

/**
 * One row of the audit log as stored. The JSON form is the {@code fleet audit show --json}
 * contract.
 *
 * @param seq the row's place in the chain
 * @param at the stored time text (ISO-8601 UTC), exactly as hashed
 * @param prevHash the hash of the entry before it in the chain when it was written
 * @param hash this entry's hash as stored
 */
@JsonPropertyOrder({
  "seq",
  "at",
  "kind",
  "stepId",
  "actor",
  "detail",
  "entryKey",
  "workflowId",
  "recordId",
  "agent",
  "definitionHash",
  "prevHash",
  "hash"
})
public record AuditRow(
    long seq,
    String entryKey,
    String workflowId,
    String recordId,
    String agent,
    String definitionHash,
    String kind,
    String stepId,
    String actor,
    String detail,
    String at,
    String prevHash,
    String hash) {

  /** The hash the row's stored fields and previous hash make now (see {@link AuditHash}). */
  public String recomputedHash() {
    return AuditHash.of(
        prevHash,
        entryKey,
        workflowId,
        recordId,
        agent,
        definitionHash,
        kind,
        stepId,
        actor,
        detail,
        at);
  }
}
