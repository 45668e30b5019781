package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalRequest;
import java.util.List;
import java.util.Map;

/**
 * A run's whole state at one moment, as the status query returns it.
 *
 * @param outputs every step's output, by step id
 * @param pendingApproval what an approver sees, while the run waits; null otherwise
 * @param outcome a human-readable reason once the run ended
 * @param deadLetter why the run is parked in the dead-letter queue; null otherwise
 * @param rollbacks the compensations a rollback ran, in the order it ran them
 * @param events the events the run received, oldest first
 * @param input the record's own fields as the run received them (a field moved to the blob store is
 *     its reference map, with a preview), so approvers read the customer's words
 */
public record RunState(
    String workflowId,
    String agent,
    String definitionHash,
    String recordId,
    String subject,
    RunStatus status,
    String currentStep,
    String category,
    Double confidence,
    Map<String, Map<String, Object>> outputs,
    List<StepRecord> steps,
    List<Decision> decisions,
    List<ApprovalRecord> approvals,
    ApprovalRequest pendingApproval,
    List<ActionRecord> actions,
    List<IgnoredSignal> ignoredSignals,
    List<RunError> errors,
    CostAccount cost,
    String outcome,
    DeadLetter deadLetter,
    List<Rollback> rollbacks,
    List<RunEvent> events,
    Map<String, Object> input) {

  public RunState {
    rollbacks = rollbacks == null ? List.of() : rollbacks;
    events = events == null ? List.of() : events;
    input = input == null ? Map.of() : input;
  }

  /** A state without the record's fields, as states were before they carried them. */
  public RunState(
      String workflowId,
      String agent,
      String definitionHash,
      String recordId,
      String subject,
      RunStatus status,
      String currentStep,
      String category,
      Double confidence,
      Map<String, Map<String, Object>> outputs,
      List<StepRecord> steps,
      List<Decision> decisions,
      List<ApprovalRecord> approvals,
      ApprovalRequest pendingApproval,
      List<ActionRecord> actions,
      List<IgnoredSignal> ignoredSignals,
      List<RunError> errors,
      CostAccount cost,
      String outcome,
      DeadLetter deadLetter,
      List<Rollback> rollbacks,
      List<RunEvent> events) {
    this(
        workflowId,
        agent,
        definitionHash,
        recordId,
        subject,
        status,
        currentStep,
        category,
        confidence,
        outputs,
        steps,
        decisions,
        approvals,
        pendingApproval,
        actions,
        ignoredSignals,
        errors,
        cost,
        outcome,
        deadLetter,
        rollbacks,
        events,
        null);
  }
}
