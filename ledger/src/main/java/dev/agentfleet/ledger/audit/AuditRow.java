package dev.agentfleet.ledger.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.audit.AuditHash;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the audit log as stored: the {@link AuditEntry} a worker appended, and what the log
 * added to it. The JSON form is the {@code fleet audit show --json} contract.
 *
 * @param seq the row's place in the chain
 * @param entry the entry as stored; its epoch-millisecond {@code at} is read back from the stored
 *     text, and is 0 when that text is no longer a time (an edited row)
 * @param at the stored time text (ISO-8601 UTC), exactly as hashed
 * @param prevHash the hash of the entry before it in the chain when it was written
 * @param hash this entry's hash as stored
 */
public record AuditRow(long seq, AuditEntry entry, String at, String prevHash, String hash) {

  /** The hash the row's stored fields and previous hash make now (see {@link AuditHash}). */
  public String recomputedHash() {
    return AuditHash.of(prevHash, entry, at);
  }

  /** The JSON form: the row's place and time first, what happened, then where it belongs. */
  @JsonValue
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seq", seq);
    json.put("at", at);
    json.put("kind", entry.kind());
    json.put("stepId", entry.stepId());
    json.put("actor", entry.actor());
    json.put("detail", entry.detail());
    json.put("entryKey", entry.entryKey());
    json.put("workflowId", entry.workflowId());
    json.put("recordId", entry.recordId());
    json.put("agent", entry.agent());
    json.put("definitionHash", entry.definitionHash());
    json.put("prevHash", prevHash);
    json.put("hash", hash);
    return json;
  }

  /** The epoch milliseconds of a stored time, or 0 when the text is not one. */
  static long epochMillis(String at) {
    try {
      return at == null ? 0 : Instant.parse(at).toEpochMilli();
    } catch (DateTimeParseException notATime) {
      return 0;
    }
  }
}
