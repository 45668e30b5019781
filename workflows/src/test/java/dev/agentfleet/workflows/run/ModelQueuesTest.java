package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Where a run schedules its model calls: the tier's queue by default, the run's own queue when the
 * worker places them there (FLEET_MODEL_QUEUES=run), except for a tier that keeps its queue; runs
 * placed either way replay on a worker placing them the other way.
 */
class ModelQueuesTest {

  @Test
  void a_tier_keeps_its_queue_only_when_placed_there() {
    ModelQueues onRunQueue = new ModelQueues(Set.of());
    ModelQueues smallOwn = new ModelQueues(Set.of("small"));

    assertThat(ModelQueues.OWN.queueFor("agent-fleet", "small"))
        .isEqualTo("agent-fleet-model-small");
    assertThat(ModelQueues.OWN.queueFor("billing", "large")).isEqualTo("billing-model-large");
    assertThat(onRunQueue.queueFor("agent-fleet", "small")).isEqualTo("agent-fleet");
    assertThat(smallOwn.queueFor("agent-fleet", "small")).isEqualTo("agent-fleet-model-small");
    assertThat(smallOwn.queueFor("agent-fleet", "large")).isEqualTo("agent-fleet");
  }

  @Test
  void model_calls_placed_on_the_run_queue_are_served_there_and_replay_on_a_default_worker()
      throws Exception {
    try (WorkflowTestHarness h = harness(new ModelQueues(Set.of()))) {
      AgentWorkflow run = h.smallRefund("Q-1");
      assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
      WorkflowExecutionHistory history = h.history(run);

      assertThat(modelCallQueues(history)).containsOnly(TaskQueues.AGENTS);
      // The replaying worker places calls on the tiers' queues: the queue is not checked.
      h.replay(history);
    }
  }

  @Test
  void by_default_model_calls_go_to_their_tier_queue() {
    try (WorkflowTestHarness h = harness(ModelQueues.OWN)) {
      AgentWorkflow run = h.smallRefund("Q-2");
      assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(modelCallQueues(h.history(run)))
          .contains(TaskQueues.MODEL_SMALL)
          .isSubsetOf(TaskQueues.MODEL_SMALL, TaskQueues.MODEL_LARGE);
    }
  }

  /** The test harness with a worker placing model calls by {@code queues}. */
  private static WorkflowTestHarness harness(ModelQueues queues) {
    return new WorkflowTestHarness(false, IdempotencyKeys.DEFAULT_NAMESPACE, queues);
  }

  private static Set<String> modelCallQueues(WorkflowExecutionHistory history) {
    return WorkflowTestHarness.modelCalls(history).stream()
        .map(a -> a.getTaskQueue().getName())
        .collect(Collectors.toSet());
  }
}
