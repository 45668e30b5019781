package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A test workflow that fails one step of a definition by hand and applies its failure policy,
 * returning the outcome the {@link dev.agentfleet.workflows.steps.FailureHandler} answered with.
 */
@WorkflowInterface
public interface FailureProbe {

  /**
   * Fails {@code stepId} of {@code definition} (type {@code Boom}) and applies its policy.
   *
   * @return the outcome and the run's status then, e.g. {@code Next(done) running}
   */
  @WorkflowMethod
  String fail(AgentDefinition definition, String stepId);

  @SignalMethod
  void decide(ApprovalDecision decision);

  @SignalMethod
  void deadLetter(DeadLetterAction action);

  @QueryMethod
  RunState state();
}
