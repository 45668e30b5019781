package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable, mutable state of one run, owned by its workflow and shared with the step runners.
 * Over 300 lines because it is the one door runners use to the run's parts: most methods are short
 * delegations that add the audit entry, metric or search attribute a change implies.
 *
 * <p>It holds who and what the run is (definition, record, status, headline values, cost: a {@link
 * CostAccount}) and composes the parts that hold the rest: the {@link StepJournal} (what each step
 * did), the {@link RunApprovals} (what people decided, and the attestations), the {@link
 * AuditBuffer} (audit entries not yet written). Everything here is replay-safe: times come from
 * {@link Workflow#currentTimeMillis()}, search attributes are upserted through the workflow API.
 * {@link #snapshot()} produces the immutable {@link RunState} the query returns; {@link
 * #continuation} and {@link #resume} carry the whole of it over a continue-as-new.
 *
 * <p>Longer than ~300 lines on purpose: it is the one entry every runner uses, and most of its
 * methods are one-line delegations to the part that holds the state; splitting it further would
 * make each runner reach into the parts itself.
 */
public final class RunContext {

  /** The change id under which runs outside the default namespace name it in their keys. */
  public static final String NAMESPACED_KEYS = "namespaced-keys";

  /**
   * How long, in workflow time, the search attributes may lag behind a run that coalesces them
   * ({@link #coalesceVisibility}): a step that starts this long after the last upsert publishes
   * what changed since.
   */
  static final long VISIBILITY_LAG_MILLIS = 1_000;

  /**
   * The lag of a run with quiet visibility ({@link #quietVisibility}): a step that starts this long
   * after the server last had the run's current values publishes what changed since.
   */
  static final long QUIET_VISIBILITY_LAG_MILLIS = 30_000;

  private static final SearchAttributeUpdate<?>[] NO_UPDATES = new SearchAttributeUpdate<?>[0];

  private final String workflowId;
  private String keyScope;
  private AgentDefinition definition;
  private String agent;
  private String definitionHash;
  private String stepsDefinition;
  private WorkItem item;
  private String subject;
  private RunStatus status = RunStatus.RUNNING;
  private String outcome;
  private String category;
  private Double confidence;
  private CostAccount cost = CostAccount.ZERO;
  private final StepJournal journal = new StepJournal();
  private final RunApprovals approvals = new RunApprovals(this);
  private final AuditBuffer auditBuffer;
  private final ModelQueues modelQueues;
  private boolean coalesce;
  private boolean quiet;
  private final Map<String, SearchAttributeUpdate<?>> unpublished = new LinkedHashMap<>();
  private long publishedAt = Long.MIN_VALUE;

  /** Creates the context for the current workflow; call {@link #begin} once the input is known. */
  public RunContext() {
    this(ModelQueues.OWN);
  }

  /** A context whose model calls are placed by {@code modelQueues}. */
  public RunContext(ModelQueues modelQueues) {
    this.workflowId = Workflow.getInfo().getWorkflowId();
    this.auditBuffer = new AuditBuffer(workflowId);
    this.modelQueues = modelQueues;
  }

  /** The task queue of this run's model calls (and agent turns) on {@code tier}. */
  public String modelQueue(String tier) {
    return modelQueues.queueFor(Workflow.getInfo().getTaskQueue(), tier);
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
    auditBuffer.about(item.id(), agent, definitionHash);
    note(
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
   * What names this run in its idempotency keys ({@link IdempotencyKeys#run}): the workflow id in
   * the default namespace, {@code namespace:workflowId} in any other, so two namespaces that share
   * a ledger never share a key. Decided once per run, at its first key, and carried across
   * continue-as-new; runs in another namespace that began before namespaced keys ({@value
   * #NAMESPACED_KEYS}) keep the workflow id alone, as their ledger entries have it.
   */
  public String keyScope() {
    if (keyScope == null) {
      String namespace = Workflow.getInfo().getNamespace();
      boolean namespaced =
          !IdempotencyKeys.DEFAULT_NAMESPACE.equals(namespace)
              && Workflow.getVersion(NAMESPACED_KEYS, Workflow.DEFAULT_VERSION, 1)
                  != Workflow.DEFAULT_VERSION;
      keyScope = namespaced ? IdempotencyKeys.run(namespace, workflowId) : workflowId;
    }
    return keyScope;
  }

  /**
   * What the next execution needs to pick up where this one stops, when the run continues as new
   * before {@code nextStep}: the state, and what of the parts the state does not show. A new field
   * that outlives a step must travel here (or in the state) and come back in {@link #resume}.
   */
  public Continuation continuation(String nextStep, int stepsExecuted, int continuations) {
    return new Continuation(
        snapshot(),
        nextStep,
        stepsExecuted,
        continuations,
        auditBuffer.seq(),
        auditBuffer.unflushed(),
        approvals.human(),
        approvals.rule(),
        keyScope());
  }

  /**
   * Restores the state a previous execution of this run carried over; call after {@link #begin}.
   */
  public void resume(Continuation carried) {
    keyScope = carried.keyScope() != null ? carried.keyScope() : workflowId;
    RunState s = carried.state();
    category = s.category();
    confidence = s.confidence();
    journal.resume(s);
    approvals.resume(s, carried);
    cost = s.cost() == null ? CostAccount.ZERO : s.cost();
    outcome = s.outcome();
    auditBuffer.resume(carried);
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(FleetSearchAttributes.STATUS.valueSet(s.status().wireName()));
    if (category != null) {
      updates.add(FleetSearchAttributes.CATEGORY.valueSet(category));
    }
    if (confidence != null) {
      updates.add(FleetSearchAttributes.CONFIDENCE.valueSet(confidence));
    }
    status = s.status();
    note(updates.toArray(NO_UPDATES));
  }

  public AgentDefinition definition() {
    return definition;
  }

  public String definitionHash() {
    return definitionHash;
  }

  /**
   * Names the trusted definition, by its whole SHA-256, that the execution plane can read this
   * run's steps from: set when the run read its definition from the worker's library, so its model
   * calls go by reference ({@link dev.agentfleet.workflows.model.ModelRequest#decided}).
   */
  public void readStepsFrom(String sha256) {
    this.stepsDefinition = sha256;
  }

  /**
   * The SHA-256 of the definition the execution plane reads this run's steps from, or null when the
   * run's calls carry their steps' fixed parts (a definition sent inline, an old run).
   */
  public String stepsDefinition() {
    return stepsDefinition;
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
    return journal.output(stepId);
  }

  public long now() {
    return Workflow.currentTimeMillis();
  }

  /** The variables rules and templates see: {@code input}, {@code steps}, {@code run}. */
  public Map<String, Object> variables() {
    return RunVariables.of(
        item,
        agent,
        workflowId,
        category,
        confidence,
        cost.usd(),
        approvals.statusByStep(),
        journal.outputs());
  }

  /**
   * Marks the step the run is in now, for the query, the search attributes and the Web UI. A run
   * that coalesces its search attributes publishes them here at its first step and when the last
   * upsert is the lag old or more ({@value #VISIBILITY_LAG_MILLIS} ms; {@value
   * #QUIET_VISIBILITY_LAG_MILLIS} ms with quiet visibility, counted from the last time the server
   * had every value, an upsert or a first step that had nothing to send).
   */
  public void enterStep(String stepId, String purpose) {
    journal.enter(stepId);
    note(FleetSearchAttributes.STEP.valueSet(stepId));
    long lag = quiet ? QUIET_VISIBILITY_LAG_MILLIS : VISIBILITY_LAG_MILLIS;
    if (publishedAt == Long.MIN_VALUE || now() - publishedAt >= lag) {
      publishVisibility();
      if (quiet) {
        publishedAt = now();
      }
    }
    Workflow.setCurrentDetails(
        "**" + stepId + "**" + (purpose == null ? "" : ": " + purpose) + " (" + status + ")");
  }

  /** Records a model step's validated output and its account: tokens, cost, latency, cache. */
  public void recordModelOutput(String stepId, ModelResponse response) {
    Map<String, Object> output = response.output();
    journal.putOutput(stepId, output);
    cost = cost.plus(response);
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
      note(updates.toArray(NO_UPDATES));
    }
  }

  /** Records a step's output (an action's result, a map's gathered results, a wait's event). */
  public void recordOutput(String stepId, Map<String, Object> output) {
    journal.putOutput(stepId, output);
  }

  /** Adds a model call's account to the run's cost without recording an output. */
  public void addModelCost(ModelResponse response) {
    cost = cost.plus(response);
  }

  /** Overlays an approver's edited values on a step's output. */
  public void applyEdit(String stepId, Map<String, Object> values) {
    journal.applyEdit(stepId, values);
  }

  public void recordStep(String stepId, String kind, String outcome, String detail, long started) {
    StepRecord step =
        journal.addStep(new StepRecord(stepId, kind, outcome, detail, started, now()));
    DecisionMetrics.step(agent, step);
  }

  /** Records a routing decision with the values its condition saw ({@link Decision#seen}). */
  public void recordDecision(
      String stepId, String rule, String expression, String next, Map<String, Object> seen) {
    journal.addDecision(new Decision(stepId, rule, expression, next, now(), seen));
    audit("decision", stepId, "rule:" + rule, "next=" + next);
  }

  public void recordError(String stepId, String type, String message) {
    journal.addError(new RunError(stepId, type, message, now()));
    audit("error", stepId, null, type + ": " + message);
  }

  public List<ActionRecord> actions() {
    return journal.actions();
  }

  public void recordAction(ActionRecord action) {
    journal.addAction(action);
  }

  /** Records one compensation of a rollback. */
  public void recordRollback(Rollback rollback) {
    journal.addRollback(rollback);
    DecisionMetrics.rollback(agent, rollback);
    audit(
        "rollback",
        rollback.stepId(),
        null,
        rollback.connector() + "." + rollback.operation() + " " + rollback.outcome());
  }

  /** Records an event the run received; a wait step for its name ends on it. */
  public void receiveEvent(RunEvent event) {
    journal.addEvent(event);
    audit("event", journal.currentStep(), event.sender(), event.name());
  }

  /** The first event of this name the run received, or null. */
  public RunEvent event(String name) {
    return journal.event(name);
  }

  /** The approvals, dead-letter answers and attestations of the run. */
  public RunApprovals approvals() {
    return approvals;
  }

  /**
   * The attestation for an action: the human approval given in this run if there is one, else the
   * rule that granted an automatic approval, else none. Model outputs never reach it.
   */
  public Attestation attestation() {
    return approvals.attestation();
  }

  /** Adds an audit entry; entries are written by the next {@link #drainAudit()}. */
  public void audit(String kind, String stepId, String actor, String detail) {
    auditBuffer.add(kind, stepId, actor, detail, now());
  }

  /** Takes the audit entries not yet written. */
  public List<AuditEntry> drainAudit() {
    return auditBuffer.drain();
  }

  /**
   * Sets the run's status. A run that coalesces its search attributes publishes at once any status
   * but {@code running}: a run that waits or has ended is listed as it is.
   */
  public void setStatus(RunStatus next) {
    setStatus(next, NO_UPDATES);
  }

  /**
   * Sets the run's status and, at the same moment, the search attributes {@code with}: published
   * together at once in a run that coalesces them, as two upserts (status first) in one that does
   * not, as runs recorded them before.
   */
  void setStatus(RunStatus next, SearchAttributeUpdate<?>... with) {
    status = next;
    note(FleetSearchAttributes.STATUS.valueSet(next.wireName()));
    if (with.length > 0) {
      upsert(with);
    } else if (next != RunStatus.RUNNING) {
      publishVisibility();
    }
  }

  /**
   * From now on, search attributes change in the run's state at once but reach the server only when
   * it matters: when a step starts {@value #VISIBILITY_LAG_MILLIS} ms or more after the last
   * upsert, when the run waits (for a person, an event, a timer, an operator) or ends, and with any
   * immediate {@link #upsert}. Each upsert is a history event (with every attribute it sets) and a
   * write to the server's visibility store; a run whose steps follow each other within the lag now
   * upserts at its first step and at its end (two upserts for a quick 5-step run instead of eight).
   * On the dev server this did not change the server's CPU per run measurably; the gain is the
   * history and the visibility store's load. A value the server already has (what the run was
   * started with, say) is not sent again. Called by the workflow for runs recorded with this
   * behaviour ({@code Workflow.getVersion}); others upsert each change.
   */
  void coalesceVisibility() {
    coalesce = true;
  }

  /**
   * As {@link #coalesceVisibility}, with a lag of {@value #QUIET_VISIBILITY_LAG_MILLIS} ms counted
   * from the last time the server had every value: a run started with its first step and definition
   * among its search attributes (as {@code fleet run} starts it) sends nothing at its first step,
   * and a run whose steps all start within the lag upserts once, at its end. The lag is in workflow
   * time, so it does not grow with the server's load: under a burst of 1,000 runs a run's steps
   * start seconds apart, and the one-second lag published at nearly every step, each upsert a
   * rewrite of the run's visibility row (the largest part of the dev server's CPU spent on a fleet
   * run beyond raw Temporal's, in a profile of that burst: bench/reading.md). A running run's step
   * in {@code fleet runs} may be up to the lag (plus the step's own time) old; {@code fleet status}
   * and the Web UI ask the run itself.
   */
  void quietVisibility() {
    coalesceVisibility();
    quiet = true;
  }

  /**
   * A search-attribute change that may wait for the next upsert (one at once, if not coalesced).
   */
  void note(SearchAttributeUpdate<?>... updates) {
    if (!coalesce) {
      Workflow.upsertTypedSearchAttributes(updates);
      return;
    }
    SearchAttributes held = Workflow.getTypedSearchAttributes();
    for (SearchAttributeUpdate<?> update : updates) {
      String name = update.getKey().getName();
      if (!unpublished.containsKey(name) && holds(held, update)) {
        continue;
      }
      unpublished.put(name, update);
    }
  }

  /**
   * True when {@code held} (the run's own view of its search attributes, which the SDK rebuilds
   * alike on replay) already has the value an update sets, as the run was started with it or
   * upserted it: there is nothing to publish.
   */
  private static <T> boolean holds(SearchAttributes held, SearchAttributeUpdate<T> update) {
    return update.getValue().isPresent()
        && update.getValue().get().equals(held.get(update.getKey()));
  }

  /** Upserts {@code updates} now, together with every change still waiting. */
  void upsert(SearchAttributeUpdate<?>... updates) {
    note(updates);
    publishVisibility();
  }

  /** Upserts the changes still waiting, if any, in one command. */
  void publishVisibility() {
    if (unpublished.isEmpty()) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(unpublished.values().toArray(NO_UPDATES));
    unpublished.clear();
    publishedAt = now();
  }

  /**
   * The search attributes as the run has them now, waiting changes included: what a new execution
   * carries over when the run continues as new.
   */
  SearchAttributes searchAttributesNow() {
    SearchAttributes.Builder now = SearchAttributes.newBuilder(Workflow.getTypedSearchAttributes());
    unpublished.values().forEach(update -> apply(now, update));
    return now.build();
  }

  private static <T> void apply(SearchAttributes.Builder to, SearchAttributeUpdate<T> update) {
    if (update.getValue().isPresent()) {
      to.set(update.getKey(), update.getValue().get());
    } else {
      to.unset(update.getKey());
    }
  }

  /** Ends the run in a terminal status. */
  public void finish(RunStatus terminal, String reason) {
    outcome = reason;
    journal.enter(null);
    setStatus(terminal);
    audit("run", null, null, terminal.wireName() + (reason == null ? "" : ": " + reason));
  }

  /** The whole state as an immutable record. */
  public RunState snapshot() {
    return new RunState(
        workflowId,
        agent,
        definitionHash,
        item == null ? null : item.id(),
        subject,
        status,
        journal.currentStep(),
        category,
        confidence,
        journal.outputsCopy(),
        journal.steps(),
        journal.decisions(),
        approvals.records(),
        approvals.pending(),
        journal.actionsCopy(),
        approvals.ignored(),
        journal.errors(),
        cost,
        outcome,
        approvals.deadLetter(),
        journal.rollbacks(),
        journal.events(),
        item == null ? Map.of() : new LinkedHashMap<>(item.fields()));
  }
}
