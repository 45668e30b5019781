package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.run.RunContext;

/** Runs an {@link EndStep}: records it and ends the run in the status it declares. */
public final class EndStepRunner implements StepRunner<EndStep> {

  @Override
  public StepOutcome run(EndStep step, RunContext ctx) {
    ctx.recordStep(step.id(), "end", step.status().wireName(), step.reason(), ctx.now());
    ctx.finish(step.status(), step.reason());
    return StepOutcome.ended();
  }
}
