package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.model.ModelTiers;

/**
 * The task queues of the fleet, in one place. Model calls have a queue per tier, so that a
 * task-queue rate limit (which the Temporal server enforces for the whole queue, whichever workers
 * poll it) caps the calls per second to each model across the fleet.
 */
public final class TaskQueues {

  /** Agent workflows and their activities. */
  public static final String AGENTS = "agent-fleet";

  /** Model calls on the {@code small} tier. */
  public static final String MODEL_SMALL = modelQueue(AGENTS, ModelTiers.SMALL);

  /** Model calls on the {@code large} tier. */
  public static final String MODEL_LARGE = modelQueue(AGENTS, ModelTiers.LARGE);

  private TaskQueues() {}

  /**
   * The queue of a tier's model calls for runs on {@code agentQueue}: {@code <agentQueue>-model-
   * <tier>} for a known tier. An unknown tier stays on the agent queue, where every worker also
   * serves model calls, so the call fails with a clear {@code ModelUnavailable} instead of waiting
   * for a worker that will never come.
   */
  public static String modelQueue(String agentQueue, String tier) {
    return ModelTiers.ALL.contains(tier) ? agentQueue + "-model-" + tier : agentQueue;
  }
}
