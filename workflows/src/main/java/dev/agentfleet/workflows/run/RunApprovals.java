package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What people decide in a run: the life of each approval request and the one waiting now, the
 * dead-letter parking an operator answers, the signals the run ignored or refused, and the
 * attestations an action carries (the human approval given, the rule that auto-approved; never
 * anything a model wrote). Each change also moves the run's status, search attributes, audit log
 * and metrics as it must, through its {@link RunContext}.
 */
public final class RunApprovals {

  private final RunContext run;
  private final List<ApprovalRecord> records = new ArrayList<>();
  private ApprovalRequest pending;
  private DeadLetter deadLetter;
  private final List<IgnoredSignal> ignored = new ArrayList<>();
  private Attestation human;
  private Attestation rule;

  RunApprovals(RunContext run) {
    this.run = run;
  }

  /** Takes over what a previous execution of the run carried. */
  void resume(RunState s, Continuation carried) {
    records.addAll(s.approvals());
    pending = s.pendingApproval();
    deadLetter = s.deadLetter();
    ignored.addAll(s.ignoredSignals());
    human = carried.humanApproval();
    rule = carried.ruleApproval();
  }

  /** The request waiting for a person, or null. */
  public ApprovalRequest pending() {
    return pending;
  }

  /** Opens an approval request: the run now waits for a person holding the request's role. */
  public void open(ApprovalRequest request) {
    pending = request;
    records.add(
        new ApprovalRecord(
            request.stepId(),
            request.role(),
            "pending",
            null,
            null,
            request.requestedAt(),
            request.deadlineAt(),
            0,
            false));
    run.setStatus(
        RunStatus.WAITING_APPROVAL,
        FleetSearchAttributes.NEEDS_APPROVAL.valueSet(true),
        FleetSearchAttributes.APPROVAL_ROLE.valueSet(request.role()));
  }

  /** Marks the open request escalated: {@code escalatedTo} (when not null) may decide too. */
  public void escalate(String escalatedTo) {
    ApprovalRequest r = pending;
    List<String> escalatedRoles = new ArrayList<>(r.escalatedRoles());
    if (escalatedTo != null && !escalatedRoles.contains(escalatedTo)) {
      escalatedRoles.add(escalatedTo);
    }
    pending =
        new ApprovalRequest(
            r.stepId(),
            r.role(),
            escalatedTo,
            r.summary(),
            r.proposal(),
            r.confidence(),
            r.reasons(),
            r.costUsd(),
            r.requestedAt(),
            r.deadlineAt(),
            escalatedRoles,
            r.editable(),
            r.effect());
    replaceLast(last -> withStatus(last, last.status(), null, null, 0, true));
    if (escalatedTo != null) {
      run.upsert(FleetSearchAttributes.APPROVAL_ROLE.valueSet(escalatedTo));
    }
  }

  /**
   * Closes the open request with a person's accepted decision. One that goes ahead becomes the
   * run's human attestation, carrying the decision's signature so a guarded connector can verify it
   * again.
   */
  public void close(ApprovalDecision decision) {
    String stepId = pending.stepId();
    var effect = pending.effect();
    pending = null;
    long at = run.now();
    String comment = decision.comment();
    String recorded =
        switch (decision.decision()) {
          case ApprovalDecision.APPROVE -> "approved";
          case ApprovalDecision.EDIT -> "edited";
          default -> "rejected";
        };
    replaceLast(
        last -> withStatus(last, recorded, decision.approver(), comment, at, last.escalated()));
    DecisionMetrics.approvalClosed(run.agent(), records.getLast());
    if (decision.goesAhead()) {
      human = Attestation.human(decision, stepId, run.definitionHash(), at, effect);
    }
    run.setStatus(
        RunStatus.RUNNING,
        FleetSearchAttributes.NEEDS_APPROVAL.valueSet(false),
        FleetSearchAttributes.APPROVAL_ROLE.valueUnset());
    run.audit(
        "approval",
        stepId,
        decision.approver(),
        recorded + (comment == null ? "" : ": " + comment));
  }

  /** Records a signal the run ignored (malformed, unauthorised, late, nothing waiting) and why. */
  public void ignore(IgnoredSignal signal) {
    ignored.add(signal);
    run.audit(
        "signal-ignored",
        signal.stepId(),
        signal.approver(),
        signal.decision() + ": " + signal.reason());
  }

  /**
   * Records a decision that was well formed but not attested: unsigned, or its signature did not
   * verify. It is not accepted; the approval stays open for a person to decide.
   */
  public void refuse(IgnoredSignal refused) {
    ignored.add(refused);
    run.audit(
        "approval-refused",
        refused.stepId(),
        refused.approver(),
        refused.decision() + ": " + refused.reason());
  }

  /** Why the run is parked in the dead-letter queue, or null. */
  public DeadLetter deadLetter() {
    return deadLetter;
  }

  /** Parks the run in the dead-letter queue until an operator answers. */
  public void park(DeadLetter parked) {
    deadLetter = parked;
    run.setStatus(RunStatus.DEAD_LETTERED);
    run.audit("dead-letter", parked.stepId(), null, parked.errorType() + ": " + parked.message());
  }

  /** Takes the run out of the dead-letter queue after an operator's answer. */
  public void release(DeadLetterAction action) {
    String stepId = deadLetter == null ? null : deadLetter.stepId();
    deadLetter = null;
    run.setStatus(RunStatus.RUNNING);
    // an operator answered: the run leaves the dead-letter listing now
    run.publishVisibility();
    run.audit(
        "dead-letter-" + action.action(),
        stepId,
        action.operator(),
        action.reason() == null ? action.action() : action.reason());
  }

  /**
   * Withdraws a human approval that covered one call only (an agent step's tool call): the human
   * attestation goes back to {@code before}, what {@link #attestation()} returned before that
   * approval was opened, so the approval cannot authorise any later action.
   */
  public void restoreHuman(Attestation before) {
    human = before != null && Attestation.HUMAN.equals(before.kind()) ? before : null;
  }

  /** Records that routing rule {@code ruleName} of step {@code stepId} granted an approval. */
  public void grantRule(String ruleName, String stepId) {
    rule = new Attestation(Attestation.RULE, ruleName, stepId, run.definitionHash(), run.now());
  }

  /**
   * The attestation for an action: the human approval given in this run if there is one, else the
   * rule that granted an automatic approval, else none.
   */
  public Attestation attestation() {
    if (human != null) {
      return human;
    }
    return rule != null ? rule : Attestation.none();
  }

  Attestation human() {
    return human;
  }

  Attestation rule() {
    return rule;
  }

  /** Each approval's status by step id, as rules and templates read it. */
  Map<String, Object> statusByStep() {
    Map<String, Object> status = new LinkedHashMap<>();
    records.forEach(a -> status.put(a.stepId(), a.status()));
    return status;
  }

  List<ApprovalRecord> records() {
    return new ArrayList<>(records);
  }

  List<IgnoredSignal> ignored() {
    return new ArrayList<>(ignored);
  }

  private void replaceLast(UnaryOperator<ApprovalRecord> change) {
    int last = records.size() - 1;
    records.set(last, change.apply(records.get(last)));
  }

  private static ApprovalRecord withStatus(
      ApprovalRecord a,
      String status,
      String decidedBy,
      String comment,
      long decidedAt,
      boolean escalated) {
    return new ApprovalRecord(
        a.stepId(),
        a.role(),
        status,
        decidedBy,
        comment,
        a.requestedAt(),
        a.deadlineAt(),
        decidedAt,
        escalated);
  }
}
