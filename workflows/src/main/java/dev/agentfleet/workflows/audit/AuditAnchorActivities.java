package dev.agentfleet.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads the audit chain's head for the anchor workflow. */
@ActivityInterface
public interface AuditAnchorActivities {

  /**
   * The head of the audit chain now, and whether the log still holds {@code anchored} (the highest
   * head anchored so far; null for none) at its {@code seq} with its hash.
   */
  @ActivityMethod(name = "AuditHead")
  AuditHead head(AuditHead anchored);
}
