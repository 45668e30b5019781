package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.model.ModelTiers;
import java.util.Set;

/**
 * Where a run schedules a tier's model calls (and agent turns): on the tier's own queue ({@link
 * TaskQueues#modelQueue}), the default, or on the run's own queue.
 *
 * <p>A tier's own queue carries its fleet-wide rate limit (a task-queue limit the server enforces)
 * and keeps slow model calls off the slots connectors need. On the run's queue Temporal hands a
 * call to the worker in the answer to the workflow task that scheduled it (eager activity
 * dispatch), skipping a trip through the server's matching queue. Measured with {@code ./fleet
 * bench baseline} on a 2-core machine (2026-12-07), a step of the 5-step chain then took 1.29–1.61x
 * raw Temporal's time instead of 1.44–2.42x; the rate of runs started at once was no better: at 400
 * runs the tier's queue was ahead (0.72–0.89x raw Temporal against 0.54–0.66x), at 1,000 they were
 * level (0.67–0.71x against 0.52–0.83x). So it is the worker's choice ({@code
 * FLEET_MODEL_QUEUES=run}), not the default; a rate-limited tier keeps its queue either way.
 *
 * <p>The task queue of a scheduled activity is not part of what a replay checks (the activity's id
 * and type are), so workers configured differently replay each other's runs; every worker polls
 * both queues with the model activities, so a call placed either way is served.
 *
 * @param ownQueue the tiers whose calls go to their own queue; an unknown tier keeps {@link
 *     TaskQueues#modelQueue}'s answer (the run's queue, where it fails clearly)
 */
public record ModelQueues(Set<String> ownQueue) {

  /** Every tier on its own queue: the default placement. */
  public static final ModelQueues OWN = new ModelQueues(Set.copyOf(ModelTiers.ALL));

  public ModelQueues {
    ownQueue = Set.copyOf(ownQueue);
  }

  /** The queue of a tier's calls for a run on {@code runQueue}. */
  public String queueFor(String runQueue, String tier) {
    return ownQueue.contains(tier) ? TaskQueues.modelQueue(runQueue, tier) : runQueue;
  }
}
