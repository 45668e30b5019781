package dev.agentfleet.workflows.model;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The execution plane's model capability. Implementations call a model tier, validate the output
 * against the request's JSON Schema, ask for a bounded number of repairs, and fail with a
 * non-retryable {@link #CONTRACT_VIOLATION} failure when the output still does not conform, so that
 * garbage is never passed forward.
 */
@ActivityInterface
public interface ModelActivities {

  /** Failure type of an output that broke its contract after every repair attempt. */
  String CONTRACT_VIOLATION = "ContractViolation";

  /** Failure type of a request the provider cannot serve (unknown tier, bad configuration). */
  String MODEL_UNAVAILABLE = "ModelUnavailable";

  /**
   * Failure type of a call refused because the agent spent its quota for the current window; a
   * retry cannot help until the window moves on, so a person decides.
   */
  String QUOTA_EXCEEDED = "QuotaExceeded";

  /** Runs one model step and returns its validated output. */
  @ActivityMethod(name = "ModelComplete")
  ModelResponse complete(ModelRequest request);
}
