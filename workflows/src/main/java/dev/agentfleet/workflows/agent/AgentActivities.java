package dev.agentfleet.workflows.agent;

import dev.agentfleet.workflows.model.ModelActivities;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The execution plane's side of an agent step's tool loop: one model turn per call. The model
 * either proposes tool calls, which the workflow checks against the step's tools and policy and
 * executes itself through the connectors, or gives a final answer, which the activity has already
 * validated against the step's output schema. The activity never runs a tool: it only plans.
 *
 * <p>Failures use the model plane's types: an answer that still breaks its contract after the
 * repairs fails with the non-retryable {@link ModelActivities#CONTRACT_VIOLATION}; a tier whose
 * provider cannot run tool loops (the offline one) or a bad configuration fails with the
 * non-retryable {@link ModelActivities#MODEL_UNAVAILABLE}; a spent quota with {@link
 * ModelActivities#QUOTA_EXCEEDED}. Transient provider errors are retried by the activity's policy.
 */
@ActivityInterface
public interface AgentActivities {

  /** Runs one model turn of the loop over the transcript so far. */
  @ActivityMethod(name = "AgentTurn")
  AgentTurn turn(AgentTurnRequest request);
}
