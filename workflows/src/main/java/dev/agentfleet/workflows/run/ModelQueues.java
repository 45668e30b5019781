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
 * dispatch), skipping a trip through the server's matching queue: measured with {@code ./fleet
 * bench baseline} on a 2-core machine, a step of the 5-step chain took 17–24 ms instead of 21–37
 * ms, but a burst of 400 runs started at once completed at ~0.6x raw Temporal's rate instead of
 * ~0.85–0.95x. So it is the worker's choice ({@code FLEET_MODEL_QUEUES=run}) for fleets that run
 * few runs at a time and want each one fast; a rate-limited tier keeps its queue either way.
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
