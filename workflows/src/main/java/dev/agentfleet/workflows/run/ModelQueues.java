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
 * dispatch), skipping the server's transfer queue and matching. Measured with {@code ./fleet bench
 * baseline} on a 2-core machine (2026-12-07, 21:57–22:21, tier and run alternating, four pairs):
 * the dev server spent 65–101 ms of CPU per run on the run's queue against 96–117 on the tiers'
 * (raw Temporal 43–67), and a step took 1.06–1.35x raw Temporal's time against 1.27–1.94x; the rate
 * of runs started at once did not differ (0.61–0.71x raw against 0.61–0.81x). Earlier sittings had
 * the tiers' queues ahead at 400 runs, by less than runs of one placement differ from each other.
 * So a worker whose model answers in-process (the offline provider without an added latency:
 * nothing for a call to wait on, no slots to keep free) places calls on the run's queue by default
 * ({@code FLEET_MODEL_QUEUES=auto}); one calling a remote model keeps each tier on its own queue;
 * {@code tier} and {@code run} choose for any model. A rate-limited tier keeps its queue either
 * way.
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
