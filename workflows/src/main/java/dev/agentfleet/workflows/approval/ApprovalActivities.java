package dev.agentfleet.workflows.approval;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Verifies signed approval decisions with the public keys the workers hold. The run calls it before
 * it accepts a decision; the keys never enter the workflow or its history, and a worker holds no
 * key that could sign.
 */
@ActivityInterface
public interface ApprovalActivities {

  /**
   * Checks that the decision is signed by a trusted key over the statement of this run's waiting
   * approval. An invalid signature is a verdict, not a failure: the activity fails only when it
   * cannot tell (and is then retried).
   */
  @ActivityMethod(name = "ApprovalVerify")
  ApprovalVerdict verify(ApprovalCheck check);
}
