package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable, mutable state of one run, owned by its workflow and shared with the step building
 * blocks. Everything here is replay-safe: times come from {@link Workflow#currentTimeMillis()},
 * search attributes are upserted through the workflow API. {@link #snapshot()} produces the
 * immutable {@link RunState} the query returns.
 */
public final class RunContext {

  private final String workflowId;
  private AgentDefinition definition;
  private String agent;
  private String definitionHash;
  private WorkItem item;
  private String subject;
  private RunStatus status = RunStatus.RUNNING;
  private String currentStep;
  private String category;
  private Double confidence;
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<ApprovalRecord> approvals = new ArrayList<>();
  private ApprovalRequest pendingApproval;
  private final List<ActionRecord> actions = new ArrayList<>();
  private final List<IgnoredSignal> ignoredSignals = new ArrayList<>();
  private final List<RunError> errors = new ArrayList<>();
  private CostAccount cost = CostAccount.ZERO;
  private String outcome;
  private final List<AuditEntry> unflushedAudit = new ArrayList<>();
  private int auditSeq;
  private Attestation humanApproval;
  private Attestation ruleApproval;
  private DeadLetter deadLetter;
  private final List<Rollback> rollbacks = new ArrayList<>();
  private final List<RunEvent> events = new ArrayList<>();

  /** Creates the context for the current workflow; call {@link #begin} once the input is known. */
  public RunContext() {
    this.workflowId = Workflow.getInfo().getWorkflowId();
  }

  /** Fixes the run's definition and work item and publishes the first search attributes. */
  public void begin(AgentRunInput input) {
    begin(input.definition(), input.agent(), input.definitionHash(), input.item());
  }

  /**
   * Fixes the run's definition (the one the worker trusts; null when it refused to run any) and
   * work item, and publishes the first search attributes.
   *
   * @param agentName the agent's name: the definition's, or the one the input claimed when refused
   */
  public void begin(
      AgentDefinition definition, String agentName, String definitionHash, WorkItem item) {
    this.definition = definition;
    this.agent = definition != null ? definition.name() : agentName;
    this.definitionHash = definitionHash;
    this.item = item;
    Object subjectValue =
        definition == null || definition.subjectField() == null
            ? null
            : item.fields().get(definition.subjectField());
    this.subject =
        subjectValue == null ? null : String.valueOf(BlobReferences.inline(subjectValue));
    Workflow.upsertTypedSearchAttributes(
        FleetSearchAttributes.AGENT.valueSet(agent == null ? "" : agent),
        FleetSearchAttributes.RECORD_ID.valueSet(item.id()),
        FleetSearchAttributes.DEFINITION.valueSet(definitionHash == null ? "" : definitionHash),
        FleetSearchAttributes.STATUS.valueSet(status.wireName()),
        FleetSearchAttributes.NEEDS_APPROVAL.valueSet(false));
  }

  public String workflowId() {
    return workflowId;
  }

  /**
   * What the next execution needs to pick up where this one stops, when the run continues as new
   * before {@code nextStep}. Every field of this class that outlives a step must travel here (or in
   * the state) and come back in {@link #resume}.
   */
  public Continuation continuation(String nextStep, int stepsExecuted, int continuations) {
    return new Continuation(
        snapshot(),
        nextStep,
        stepsExecuted,
        continuations,
        auditSeq,
        unflushedAudit,
        humanApproval,
        ruleApproval);
  }

  /**
   * Restores the state a previous execution of this run carried over; call after {@link #begin}.
   */
  public void resume(Continuation carried) {
    RunState s = carried.state();
    category = s.category();
    confidence = s.confidence();
    s.outputs().forEach((k, v) -> outputs.put(k, new LinkedHashMap<>(v)));
    steps.addAll(s.steps());
    decisions.addAll(s.decisions());
    approvals.addAll(s.approvals());
    pendingApproval = s.pendingApproval();
    actions.addAll(s.actions());
    ignoredSignals.addAll(s.ignoredSignals());
    errors.addAll(s.errors());
    cost = s.cost() == null ? CostAccount.ZERO : s.cost();
    outcome = s.outcome();
    deadLetter = s.deadLetter();
    rollbacks.addAll(s.rollbacks());
    events.addAll(s.events());
    auditSeq = carried.auditSeq();
    unflushedAudit.addAll(carried.unflushedAudit());
    humanApproval = carried.humanApproval();
    ruleApproval = carried.ruleApproval();
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(FleetSearchAttributes.STATUS.valueSet(s.status().wireName()));
    if (category != null) {
      updates.add(FleetSearchAttributes.CATEGORY.valueSet(category));
    }
    if (confidence != null) {
      updates.add(FleetSearchAttributes.CONFIDENCE.valueSet(confidence));
    }
    status = s.status();
    Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
  }

  public AgentDefinition definition() {
    return definition;
  }

  public String definitionHash() {
    return definitionHash;
  }

  public WorkItem item() {
    return item;
  }

  public String agent() {
    return agent;
  }

  public RunStatus status() {
    return status;
  }

  public Double confidence() {
    return confidence;
  }

  public CostAccount cost() {
    return cost;
  }

  public Map<String, Object> output(String stepId) {
    return outputs.get(stepId);
  }

  public long now() {
    return Workflow.currentTimeMillis();
  }

  /** The variables rules and templates see: {@code input}, {@code steps}, {@code run}. */
  public Map<String, Object> variables() {
    Map<String, Object> approvalStatus = new LinkedHashMap<>();
    approvals.forEach(a -> approvalStatus.put(a.stepId(), a.status()));
    return RunVariables.of(
        item, agent(), workflowId, category, confidence, cost.usd(), approvalStatus, outputs);
  }

  /** Marks the step the run is in now, for the query, the search attributes and the Web UI. */
  public void enterStep(String stepId, String purpose) {
    currentStep = stepId;
    Workflow.upsertTypedSearchAttributes(FleetSearchAttributes.STEP.valueSet(stepId));
    Workflow.setCurrentDetails(
        "**" + stepId + "**" + (purpose == null ? "" : ": " + purpose) + " (" + status + ")");
  }

  /** Records a model step's validated output and its account: tokens, cost, latency, cache. */
  public void recordModelOutput(String stepId, ModelResponse response) {
    recordOutput(
        stepId,
        response.output(),
        cost.plus(
            response.inputTokens(),
            response.outputTokens(),
            response.costUsd(),
            response.cacheHit(),
            response.latencyMillis()));
  }

  /** Records a model step's validated output and what it cost. */
  public void recordModelOutput(
      String stepId, Map<String, Object> output, long inTokens, long outTokens, double usd) {
    recordOutput(stepId, output, cost.plus(inTokens, outTokens, usd));
  }

  private void recordOutput(String stepId, Map<String, Object> output, CostAccount account) {
    outputs.put(stepId, output);
    cost = account;
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    if (output.get("category") instanceof String c) {
      category = c;
      updates.add(FleetSearchAttributes.CATEGORY.valueSet(c));
    }
    if (output.get("confidence") instanceof Number n) {
      confidence = n.doubleValue();
      updates.add(FleetSearchAttributes.CONFIDENCE.valueSet(confidence));
    }
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
    }
  }

  public void recordStep(String stepId, String kind, String outcome, String detail, long started) {
    steps.add(new StepRecord(stepId, kind, outcome, detail, started, now()));
    DecisionMetrics.step(agent(), steps.getLast());
  }

  public void recordDecision(String stepId, String rule, String expression, String next) {
    recordDecision(stepId, rule, expression, next, null);
  }

  /** Records a routing decision with the values its condition saw ({@link Decision#seen}). */
  public void recordDecision(
      String stepId, String rule, String expression, String next, Map<String, Object> seen) {
    decisions.add(new Decision(stepId, rule, expression, next, now(), seen));
    audit("decision", stepId, "rule:" + rule, "next=" + next);
  }

  public void recordError(String stepId, String type, String message) {
    errors.add(new RunError(stepId, type, message, now()));
    audit("error", stepId, null, type + ": " + message);
  }

  /** Records a step's output (an action's result, a map's gathered results, a wait's event). */
  public void recordOutput(String stepId, Map<String, Object> output) {
    outputs.put(stepId, output);
  }

  /** Adds a model call's account to the run's cost without recording an output. */
  public void addModelCost(ModelResponse response) {
    cost =
        cost.plus(
            response.inputTokens(),
            response.outputTokens(),
            response.costUsd(),
            response.cacheHit(),
            response.latencyMillis());
  }

  /** Overlays an approver's edited values on a step's output. */
  public void applyEdit(String stepId, Map<String, Object> values) {
    Map<String, Object> edited = new LinkedHashMap<>();
    Map<String, Object> before = outputs.get(stepId);
    if (before != null) {
      edited.putAll(before);
    }
    edited.putAll(values);
    outputs.put(stepId, edited);
  }

  /** Records an event the run received; a wait step for its name ends on it. */
  public void receiveEvent(RunEvent event) {
    events.add(event);
    audit("event", currentStep, event.sender(), event.name());
  }

  /** The first event of this name the run received, or null. */
  public RunEvent event(String name) {
    return events.stream().filter(e -> name.equals(e.name())).findFirst().orElse(null);
  }

  /** Parks the run in the dead-letter queue until an operator answers. */
  public void deadLetter(DeadLetter parked) {
    deadLetter = parked;
    setStatus(RunStatus.DEAD_LETTERED);
    audit("dead-letter", parked.stepId(), null, parked.errorType() + ": " + parked.message());
  }

  public DeadLetter deadLetter() {
    return deadLetter;
  }

  /** Takes the run out of the dead-letter queue after an operator's answer. */
  public void releaseDeadLetter(DeadLetterAction action) {
    String stepId = deadLetter == null ? null : deadLetter.stepId();
    deadLetter = null;
    setStatus(RunStatus.RUNNING);
    audit(
        "dead-letter-" + action.action(),
        stepId,
        action.operator(),
        action.reason() == null ? action.action() : action.reason());
  }

  /** Records one compensation of a rollback. */
  public void recordRollback(Rollback rollback) {
    rollbacks.add(rollback);
    DecisionMetrics.rollback(agent(), rollback);
    audit(
        "rollback",
        rollback.stepId(),
        null,
        rollback.connector() + "." + rollback.operation() + " " + rollback.outcome());
  }

  public List<ActionRecord> actions() {
    return List.copyOf(actions);
  }

  public void recordAction(ActionRecord action) {
    actions.add(action);
  }

  public void recordIgnoredSignal(IgnoredSignal ignored) {
    ignoredSignals.add(ignored);
    audit(
        "signal-ignored",
        ignored.stepId(),
        ignored.approver(),
        ignored.decision() + ": " + ignored.reason());
  }

  /**
   * Records a decision that was well formed but not attested: unsigned, or its signature did not
   * verify. It is not accepted; the approval stays open for a person to decide.
   */
  public void refuseDecision(IgnoredSignal refused) {
    ignoredSignals.add(refused);
    audit(
        "approval-refused",
        refused.stepId(),
        refused.approver(),
        refused.decision() + ": " + refused.reason());
  }

  /** Opens an approval request: the run now waits for a person holding the request's role. */
  public void openApproval(ApprovalRequest request) {
    pendingApproval = request;
    approvals.add(
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
    setStatus(RunStatus.WAITING_APPROVAL);
    Workflow.upsertTypedSearchAttributes(
        FleetSearchAttributes.NEEDS_APPROVAL.valueSet(true),
        FleetSearchAttributes.APPROVAL_ROLE.valueSet(request.role()));
  }

  /** Marks the open approval escalated: the escalation role may decide too. */
  public void escalateApproval(String escalatedTo) {
    ApprovalRequest r = pendingApproval;
    List<String> escalatedRoles = new ArrayList<>(r.escalatedRoles());
    if (escalatedTo != null && !escalatedRoles.contains(escalatedTo)) {
      escalatedRoles.add(escalatedTo);
    }
    pendingApproval =
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
    replaceLastApproval(last -> withStatus(last, last.status(), null, null, 0, true));
    if (escalatedTo != null) {
      Workflow.upsertTypedSearchAttributes(
          FleetSearchAttributes.APPROVAL_ROLE.valueSet(escalatedTo));
    }
  }

  /**
   * Closes the open approval with a person's accepted decision. An approval becomes the run's human
   * attestation, carrying the decision's signature so a guarded connector can verify it again.
   */
  public void closeApproval(ApprovalDecision decision) {
    String stepId = pendingApproval.stepId();
    var effect = pendingApproval.effect();
    pendingApproval = null;
    long at = now();
    String approver = decision.approver();
    String comment = decision.comment();
    String recorded =
        switch (decision.decision()) {
          case ApprovalDecision.APPROVE -> "approved";
          case ApprovalDecision.EDIT -> "edited";
          default -> "rejected";
        };
    replaceLastApproval(
        last -> withStatus(last, recorded, approver, comment, at, last.escalated()));
    DecisionMetrics.approvalClosed(agent(), approvals.getLast());
    if (decision.goesAhead()) {
      humanApproval = Attestation.human(decision, stepId, definitionHash, at, effect);
    }
    setStatus(RunStatus.RUNNING);
    Workflow.upsertTypedSearchAttributes(
        FleetSearchAttributes.NEEDS_APPROVAL.valueSet(false),
        FleetSearchAttributes.APPROVAL_ROLE.valueUnset());
    audit("approval", stepId, approver, recorded + (comment == null ? "" : ": " + comment));
  }

  public ApprovalRequest pendingApproval() {
    return pendingApproval;
  }

  /**
   * Withdraws a human approval that covered one call only (an agent step's tool call): the run's
   * human attestation goes back to {@code before}, what {@link #attestation()} returned before that
   * approval was opened, so the approval cannot authorise any later action.
   */
  public void restoreHumanApproval(Attestation before) {
    humanApproval = before != null && Attestation.HUMAN.equals(before.kind()) ? before : null;
  }

  /** Records that a routing rule granted an automatic approval. */
  public void grantRuleApproval(String rule, String stepId) {
    ruleApproval = new Attestation(Attestation.RULE, rule, stepId, definitionHash, now());
  }

  /**
   * The attestation for an action: the human approval given in this run if there is one, else the
   * rule that granted an automatic approval, else none. Model outputs never reach it.
   */
  public Attestation attestation() {
    if (humanApproval != null) {
      return humanApproval;
    }
    return ruleApproval != null ? ruleApproval : Attestation.none();
  }

  /** Adds an audit entry; entries are written by the next {@link #drainAudit()}. */
  public void audit(String kind, String stepId, String actor, String detail) {
    auditSeq++;
    unflushedAudit.add(
        new AuditEntry(
            workflowId + "#" + auditSeq,
            workflowId,
            item == null ? null : item.id(),
            agent(),
            definitionHash,
            kind,
            stepId,
            actor,
            detail,
            now()));
  }

  /** Takes the audit entries not yet written. */
  public List<AuditEntry> drainAudit() {
    List<AuditEntry> out = List.copyOf(unflushedAudit);
    unflushedAudit.clear();
    return out;
  }

  public void setStatus(RunStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(FleetSearchAttributes.STATUS.valueSet(next.wireName()));
  }

  /** Ends the run in a terminal status. */
  public void finish(RunStatus terminal, String reason) {
    outcome = reason;
    currentStep = null;
    setStatus(terminal);
    audit("run", null, null, terminal.wireName() + (reason == null ? "" : ": " + reason));
  }

  /** The whole state as an immutable record. */
  public RunState snapshot() {
    Map<String, Map<String, Object>> outputsCopy = new LinkedHashMap<>();
    outputs.forEach((k, v) -> outputsCopy.put(k, new LinkedHashMap<>(v)));
    return new RunState(
        workflowId,
        agent(),
        definitionHash,
        item == null ? null : item.id(),
        subject,
        status,
        currentStep,
        category,
        confidence,
        outputsCopy,
        new ArrayList<>(steps),
        new ArrayList<>(decisions),
        new ArrayList<>(approvals),
        pendingApproval,
        new ArrayList<>(actions),
        new ArrayList<>(ignoredSignals),
        new ArrayList<>(errors),
        cost,
        outcome,
        deadLetter,
        new ArrayList<>(rollbacks),
        new ArrayList<>(events),
        item == null ? Map.of() : new LinkedHashMap<>(item.fields()));
  }

  private void replaceLastApproval(java.util.function.UnaryOperator<ApprovalRecord> change) {
    int last = approvals.size() - 1;
    approvals.set(last, change.apply(approvals.get(last)));
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
