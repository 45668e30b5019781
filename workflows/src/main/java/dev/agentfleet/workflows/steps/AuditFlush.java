package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.List;

/** Writes the run's pending audit entries; called before a run waits and when it ends. */
public final class AuditFlush {

  private AuditFlush() {}

  /** Writes them with an activity: what a run does before it waits. */
  public static void flush(RunContext ctx) {
    List<AuditEntry> entries = ctx.drainAudit();
    if (!entries.isEmpty()) {
      StepActivities.audit().append(entries);
    }
  }

  /**
   * Writes them with a local activity, in the workflow task that runs it: what a run does when it
   * ends, so that its last entries cost neither an activity task nor one more workflow task. The
   * run completes only in a workflow task whose local activity wrote them; a worker that dies first
   * leaves the task to another worker, which writes them again, and the audit log skips the entries
   * it holds already (by their keys), so none is lost or written twice. A write that keeps failing
   * falls back to the audit activity.
   */
  public static void flushLocally(RunContext ctx) {
    List<AuditEntry> entries = ctx.drainAudit();
    if (entries.isEmpty()) {
      return;
    }
    try {
      StepActivities.localAudit().append(entries);
    } catch (ActivityFailure failure) {
      // The audit log stayed unreachable through the quick local attempts: the same entries (the
      // same keys) go out with the activity, whose retries never end, so the run still cannot end
      // before they are written.
      StepActivities.audit().append(entries);
    }
  }
}
