package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs one agent definition over one work item, durably: it walks the playbook's steps, routes by
 * rules, waits for humans where the rules say so, and ends in a terminal status.
 */
@WorkflowInterface
public interface AgentWorkflow {

  /** Runs the agent to a terminal state and returns the final state. */
  @WorkflowMethod(name = "AgentRun")
  RunState run(AgentRunInput input);

  /** The whole run state, at any moment. */
  @QueryMethod(name = "state")
  RunState state();

  /**
   * A human approval decision. An invalid, unauthorised or late decision is recorded in the state
   * and ignored; it never fails the run.
   */
  @SignalMethod(name = "decide")
  void decide(ApprovalDecision decision);

  /**
   * An operator's answer to a dead-lettered run: retry the failed step, skip it, or abort the run.
   * Sent to a run that is not dead-lettered, it is recorded and ignored.
   */
  @SignalMethod(name = "dlq")
  void deadLetter(DeadLetterAction action);

  /** An outside event ("the customer replied") that a wait step may be waiting for. */
  @SignalMethod(name = "event")
  void event(RunEvent event);
}
