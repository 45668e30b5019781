package dev.agentfleet.bench.raw;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** K activities in a row, each waited for before the next is scheduled. */
public final class RawChainWorkflowImpl implements RawChainWorkflow {

  private final RawStepActivities activities =
      Workflow.newActivityStub(
          RawStepActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  @Override
  public int run(String note, int steps) {
    int done = 0;
    for (int i = 1; i <= steps; i++) {
      activities.step(note, i);
      done++;
    }
    return done;
  }
}
