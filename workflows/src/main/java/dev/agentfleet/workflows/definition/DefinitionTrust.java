package dev.agentfleet.workflows.definition;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Resolves the definition a run names to one this worker trusts, as a local activity before the
 * run's first step: the history records the verdict once, and a worker resolves each hash once
 * however many runs name it (its sources cache). A definition the worker does not trust ends the
 * run refused, audited, before any step.
 */
@ActivityInterface
public interface DefinitionTrust {

  /** The verdict on the claimed definition; never throws for an untrusted one. */
  @ActivityMethod
  DefinitionVerdict resolve(DefinitionClaim claim);
}
