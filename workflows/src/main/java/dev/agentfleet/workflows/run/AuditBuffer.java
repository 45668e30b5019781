package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.audit.AuditEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit entries a run recorded and has not written yet, numbered {@code workflowId#n} in the
 * order they happened; the numbering carries over when the run continues as new, so ids stay
 * unique.
 */
final class AuditBuffer {

  private final String workflowId;
  private final List<AuditEntry> unflushed = new ArrayList<>();
  private int seq;
  private String recordId;
  private String agent;
  private String definitionHash;

  AuditBuffer(String workflowId) {
    this.workflowId = workflowId;
  }

  /** Fixes what every later entry is about: the record, the agent and its definition. */
  void about(String recordId, String agent, String definitionHash) {
    this.recordId = recordId;
    this.agent = agent;
    this.definitionHash = definitionHash;
  }

  /** Takes over the numbering and the unwritten entries of a previous execution. */
  void resume(Continuation carried) {
    seq = carried.auditSeq();
    unflushed.addAll(carried.unflushedAudit());
  }

  /** Adds an entry of {@code kind} at time {@code at}. */
  void add(String kind, String stepId, String actor, String detail, long at) {
    seq++;
    unflushed.add(
        new AuditEntry(
            workflowId + "#" + seq,
            workflowId,
            recordId,
            agent,
            definitionHash,
            kind,
            stepId,
            actor,
            detail,
            at));
  }

  /** Takes the entries not yet written. */
  List<AuditEntry> drain() {
    List<AuditEntry> out = List.copyOf(unflushed);
    unflushed.clear();
    return out;
  }

  int seq() {
    return seq;
  }

  List<AuditEntry> unflushed() {
    return unflushed;
  }
}
