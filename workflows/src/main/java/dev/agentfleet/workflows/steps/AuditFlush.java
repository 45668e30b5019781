package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.run.RunContext;
import java.util.List;

/** Writes the run's pending audit entries; called before a run waits and when it ends. */
public final class AuditFlush {

  private AuditFlush() {}

  public static void flush(RunContext ctx) {
    List<AuditEntry> entries = ctx.drainAudit();
    if (!entries.isEmpty()) {
      StepActivities.audit().append(entries);
    }
  }
}
