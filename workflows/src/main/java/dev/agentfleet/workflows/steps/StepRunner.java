package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.run.RunContext;

/**
 * Runs one kind of step of a run and says what it came to. A runner records what it did (step
 * record, output, errors, audit) in the run and never ends the run itself, except the end step; a
 * failure it cannot recover from is its answer ({@link StepOutcome.Failed}), never an exception or
 * a note left in the run.
 *
 * @param <S> the kind of step it runs
 */
@FunctionalInterface
public interface StepRunner<S extends StepDef> {

  StepOutcome run(S step, RunContext ctx);
}
