package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.audit.AuditActivities;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process fake audit log for workflow unit tests, keyed like the real one. */
final class FakeAuditActivities implements AuditActivities {

  final Map<String, AuditEntry> entries = new ConcurrentHashMap<>();

  /** The entry keys of every call, attempts included, in order. */
  final List<List<String>> calls = new CopyOnWriteArrayList<>();

  /** How many calls from now write their entries and then fail, as a lost acknowledgement. */
  final AtomicInteger failAfterWriting = new AtomicInteger();

  @Override
  public void append(List<AuditEntry> batch) {
    calls.add(batch.stream().map(AuditEntry::entryKey).toList());
    batch.forEach(e -> entries.putIfAbsent(e.entryKey(), e));
    if (failAfterWriting.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the audit log's answer was lost (test)");
    }
  }

  List<AuditEntry> ofKind(String kind) {
    return entries.values().stream().filter(e -> e.kind().equals(kind)).toList();
  }
}
