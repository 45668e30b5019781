package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs one agent definition over one work item, durably: it walks the playbook's steps, routes by
 * rules, waits for humans where the rules say so, and ends in a terminal status.
 *
 * <p>People talk to a run through updates: a decision ({@value #DECISION}), a dead-letter answer
 * ({@value #DLQ_ANSWER}) and an outside event ({@value #EVENT}) each get the run's {@link RunReply}
 * in the same call, or a refusal with the reason from the update's validator. The signals they
 * replace stay accepted, handled as before, for callers and runs that predate the updates.
 */
@WorkflowInterface
public interface AgentWorkflow {

  /** The name of the decision update. */
  String DECISION = "decision";

  /** The name of the dead-letter answer update. */
  String DLQ_ANSWER = "dlq-answer";

  /** The name of the outside event update. */
  String EVENT = "deliver-event";

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

  /**
   * A human approval decision, signed by the approvers' side: the run verifies the signature with
   * the execution plane and answers whether it took the decision (what it led to) or refused it
   * (why). The approval stays open after a refusal.
   */
  @UpdateMethod(name = DECISION)
  RunReply decision(ApprovalDecision decision);

  /**
   * Refuses, at once and without a trace in the run, a decision the run would not take whatever its
   * signature: nothing waiting, another step or request, not approve/reject/edit, an edit the step
   * does not allow or without values, no approver, roles or a signed role that may not decide, no
   * signature, malformed.
   */
  @UpdateValidatorMethod(updateName = DECISION)
  void validateDecision(ApprovalDecision decision);

  /**
   * An operator's answer to a dead-lettered run (retry, skip or abort); answers once the run took
   * it out of the queue, with what it does now.
   */
  @UpdateMethod(name = DLQ_ANSWER)
  RunReply dlqAnswer(DeadLetterAction action);

  /**
   * Refuses an answer that is none of retry, skip, abort, names no operator, or comes when the run
   * is not dead-lettered or already has an answer.
   */
  @UpdateValidatorMethod(updateName = DLQ_ANSWER)
  void validateDlqAnswer(DeadLetterAction action);

  /** An outside event, as the {@code event} signal brings it; answers once the run recorded it. */
  @UpdateMethod(name = EVENT)
  RunReply deliverEvent(RunEvent event);

  /** Refuses an event without a name. */
  @UpdateValidatorMethod(updateName = EVENT)
  void validateEvent(RunEvent event);
}
