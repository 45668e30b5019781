package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.audit.AuditActivities;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-process fake audit log for workflow unit tests, keyed like the real one. */
final class FakeAuditActivities implements AuditActivities {

  final Map<String, AuditEntry> entries = new ConcurrentHashMap<>();

  @Override
  public void append(List<AuditEntry> batch) {
    batch.forEach(e -> entries.putIfAbsent(e.entryKey(), e));
  }

  List<AuditEntry> ofKind(String kind) {
    return entries.values().stream().filter(e -> e.kind().equals(kind)).toList();
  }
}
