package dev.agentfleet.workflows.batch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs an agent over every record of an input: one child agent run per record, at most {@code
 * concurrency} running at once, continuing as new every few hundred children so its history stays
 * small however large the input. It ends once every record is accounted for: its run ended, waits
 * for a person or a timer, or existed before.
 */
@WorkflowInterface
public interface BatchWorkflow {

  /** Feeds the records to child runs and returns the final counts. */
  @WorkflowMethod(name = "AgentBatch")
  BatchProgress run(BatchInput input);

  /** The counts now. */
  @QueryMethod(name = "progress")
  BatchProgress progress();

  /**
   * A child run reports that it waits (see {@link BatchParent}). A report from a run the batch does
   * not follow, or a second one, changes nothing.
   */
  @SignalMethod(name = BatchParent.SETTLED_SIGNAL)
  void childSettled(ChildSettled settled);
}
