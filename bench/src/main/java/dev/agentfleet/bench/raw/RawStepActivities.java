package dev.agentfleet.bench.raw;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The raw chain's one activity: returns at once. */
@ActivityInterface
public interface RawStepActivities {

  /** Does nothing and returns a short answer naming the step. */
  @ActivityMethod(name = "RawStep")
  String step(String note, int index);
}
