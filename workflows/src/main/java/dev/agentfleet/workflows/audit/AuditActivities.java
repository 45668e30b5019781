package dev.agentfleet.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Appends entries to the append-only audit log; entries already written are skipped. */
@ActivityInterface
public interface AuditActivities {

  @ActivityMethod(name = "AuditAppend")
  void append(List<AuditEntry> entries);
}
