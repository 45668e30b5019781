package dev.agentfleet.workflows.run;

import com.uber.m3.tally.Scope;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.batch.BatchParent;
import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.definition.DefinitionTrust;
import dev.agentfleet.workflows.definition.DefinitionVerdict;
import dev.agentfleet.workflows.memory.RunMemory;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.DefinitionChecks;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.NotifyStep;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.playbook.WaitStep;
import dev.agentfleet.workflows.steps.ActionStepRunner;
import dev.agentfleet.workflows.steps.AgentStepRunner;
import dev.agentfleet.workflows.steps.ApprovalGate;
import dev.agentfleet.workflows.steps.ApprovalStepRunner;
import dev.agentfleet.workflows.steps.AuditFlush;
import dev.agentfleet.workflows.steps.EndStepRunner;
import dev.agentfleet.workflows.steps.FailureHandler;
import dev.agentfleet.workflows.steps.MapStepRunner;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import dev.agentfleet.workflows.steps.NotifyStepRunner;
import dev.agentfleet.workflows.steps.RouteStepRunner;
import dev.agentfleet.workflows.steps.StepOutcome;
import dev.agentfleet.workflows.steps.WaitStepRunner;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Walks an agent definition's steps over one work item until an end step, using the reusable step
 * building blocks. Each step runs with the {@link dev.agentfleet.workflows.steps.StepRunner} of its
 * kind, which answers with a {@link StepOutcome}: the next step, or a failure. A step that fails
 * for good goes to its {@code onError} step when it names one; otherwise its failure policy applies
 * ({@link FailureHandler}: escalate, skip, dead-letter, compensate, alert or fail), which answers
 * with the next step, the failed step again, or the end of the run. A run never executes more than
 * the definition's {@code maxSteps}.
 *
 * <p>Between steps, a run whose history grew past the definition's {@code maxHistoryEvents} (or
 * that the server suggests should continue as new) continues as a new execution with its whole
 * state carried over, so long runs stay under Temporal's history limits.
 */
public class AgentWorkflowImpl implements AgentWorkflow {

  private static final Logger log = Workflow.getLogger(AgentWorkflowImpl.class);

  /** The change id under which runs check their history length between steps. */
  static final String CONTINUE_AS_NEW = "continue-as-new-between-steps";

  /** The change id under which runs check their definition before the first step. */
  static final String VALIDATE_DEFINITION = "validate-definition";

  /**
   * The change id under which runs resolve the definition they name to one the worker trusts
   * (deployed with it, or published and signed) before anything else, and end refused otherwise.
   * Version 2 also stands for the run's lighter bookkeeping, so that it costs no marker of its own:
   * the run continues as new between steps without asking {@value #CONTINUE_AS_NEW}, and writes its
   * last audit entries with a local activity in its last workflow task ({@link
   * AuditFlush#flushLocally}) instead of one more activity and workflow task.
   */
  static final String TRUSTED_DEFINITION = "trusted-definition";

  /** The {@value #TRUSTED_DEFINITION} version of runs with the lighter bookkeeping. */
  static final int LIGHT_BOOKKEEPING = 2;

  /**
   * The {@value #TRUSTED_DEFINITION} version of runs that also coalesce their search attributes
   * ({@link RunContext#coalesceVisibility}): fewer upserts, each a history event and a visibility
   * write on the server. Like {@link #LIGHT_BOOKKEEPING}, it costs no marker of its own.
   */
  static final int COALESCED_VISIBILITY = 3;

  /**
   * The {@value #TRUSTED_DEFINITION} version of runs with quiet visibility ({@link
   * RunContext#quietVisibility}): a longer lag, counted from the last time the server had every
   * value, so that a quick run upserts once. No marker of its own either.
   */
  static final int QUIET_VISIBILITY = 4;

  /**
   * The definition checks run as local activities; their markers record the verdict, not the claim
   * they were asked about (which the run's input holds already).
   */
  private static final LocalActivityOptions DEFINITION_CHECK =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .setDoNotIncludeArgumentsIntoMarker(true)
          .build();

  /** Where a definition named by hash is read; null in a worker that takes it from the history. */
  private final DefinitionLibrary library;

  private final RunContext ctx;
  private final ApprovalGate approvals = new ApprovalGate();
  private final FailureHandler failures = new FailureHandler(approvals);
  private final ModelStepRunner models = new ModelStepRunner();
  private final RouteStepRunner routes = new RouteStepRunner();
  private final ApprovalStepRunner approvalSteps = new ApprovalStepRunner(approvals);
  private final ActionStepRunner actions = new ActionStepRunner();
  private final WaitStepRunner waits = new WaitStepRunner();
  private final NotifyStepRunner notifications = new NotifyStepRunner();
  private final MapStepRunner maps = new MapStepRunner();
  private final AgentStepRunner agents = new AgentStepRunner(approvals);
  private final EndStepRunner ends = new EndStepRunner();

  /**
   * A run whose trust verdict carries the whole definition (what a worker registered by type gets,
   * as the replay tools and most tests register it).
   */
  public AgentWorkflowImpl() {
    this(null);
  }

  /**
   * A run that reads its trusted definition from the worker's library, so that the history names
   * the definition by hash instead of carrying it (the worker registers it this way).
   */
  public AgentWorkflowImpl(DefinitionLibrary library) {
    this(library, ModelQueues.OWN);
  }

  /** As {@link #AgentWorkflowImpl(DefinitionLibrary)}, its model calls placed by the worker. */
  public AgentWorkflowImpl(DefinitionLibrary library, ModelQueues modelQueues) {
    this.library = library;
    this.ctx = new RunContext(modelQueues);
  }

  @Override
  public RunState run(AgentRunInput input) {
    int trust = Workflow.getVersion(TRUSTED_DEFINITION, Workflow.DEFAULT_VERSION, QUIET_VISIBILITY);
    if (trust >= QUIET_VISIBILITY) {
      ctx.quietVisibility();
    } else if (trust >= COALESCED_VISIBILITY) {
      ctx.coalesceVisibility();
    }
    AgentDefinition def;
    DefinitionRef ref;
    if (trust == Workflow.DEFAULT_VERSION) {
      // Recorded before runs named their definition by hash: replays as it ran.
      def = input.definition();
      ref = null;
      ctx.begin(input.definition(), input.agent(), input.definitionHash(), input.item());
    } else {
      DefinitionVerdict verdict =
          Workflow.newLocalActivityStub(DefinitionTrust.class, DEFINITION_CHECK)
              .resolve(input.claim().answeredByReference(library != null));
      if (!verdict.runnable() && verdict.definition() == null) {
        return refused(input, verdict);
      }
      def = verdict.definition() != null ? verdict.definition() : fromLibrary(verdict.sha256());
      String sha256 = verdict.sha256();
      ref = sha256 == null ? null : new DefinitionRef(def.name(), sha256, def.subjectField());
      String hash = ref != null ? ref.shortHash() : input.definitionHash();
      ctx.begin(def, def.name(), hash, input.item());
      if (verdict.definition() == null) {
        // Read from the library by hash: the activities can read its steps there too.
        ctx.readStepsFrom(sha256);
      }
      if (!verdict.problems().isEmpty()) {
        refuseInvalid(verdict.problems());
        AuditFlush.flush(ctx);
        return ctx.snapshot();
      }
    }
    Scope metrics = Workflow.getMetricsScope().tagged(Map.of("agent", def.name()));
    Continuation carried = input.continuation();
    String next = def.start();
    int executed = 0;
    if (carried == null) {
      metrics.counter("fleet_runs_started").inc(1);
      log.info("run started: agent={} version={}", def.name(), ctx.definitionHash());
      if (trust == Workflow.DEFAULT_VERSION && refusedAsInvalid(def)) {
        AuditFlush.flush(ctx);
        return ctx.snapshot();
      }
    } else {
      ctx.resume(carried);
      next = carried.nextStep();
      executed = carried.stepsExecuted();
      log.info(
          "run continued: agent={} next={} executions={}",
          def.name(),
          next,
          carried.continuations() + 1);
    }
    BatchParent.reportSettledToBatch(ctx::status);
    boolean light = trust >= LIGHT_BOOKKEEPING;
    boolean mayContinueAsNew =
        carried != null
            || light
            || Workflow.getVersion(CONTINUE_AS_NEW, Workflow.DEFAULT_VERSION, 1) >= 1;
    int executedHere = 0;
    while (next != null && !ctx.status().terminal()) {
      if (mayContinueAsNew && executedHere > 0 && ContinueAsNew.due(def)) {
        ContinueAsNew.now(ctx, input, ref, next, executed);
      }
      executedHere++;
      if (++executed > def.maxSteps()) {
        ctx.recordError(next, "StepLimit", "more than " + def.maxSteps() + " steps executed");
        ctx.finish(RunStatus.FAILED, "step limit of " + def.maxSteps() + " reached at " + next);
        break;
      }
      StepDef step = def.requireStep(next);
      ctx.enterStep(step.id(), step.purpose());
      next =
          switch (settle(step, execute(step))) {
            case StepOutcome.Next n -> n.stepId();
            case StepOutcome.Retry r -> step.id();
            case StepOutcome.Ended e -> null;
          };
      metrics
          .tagged(Map.of("kind", step.kind(), "outcome", next == null ? "stop" : "ok"))
          .counter("fleet_steps")
          .inc(1);
    }
    // An update that took a decision or a dead-letter answer the run ended on still owes its
    // caller the reply; waiting for it adds no command.
    Workflow.await(Workflow::isEveryHandlerFinished);
    RunMemory.rememberAtEnd(ctx);
    if (light) {
      AuditFlush.flushLocally(ctx);
    } else {
      AuditFlush.flush(ctx);
    }
    metrics
        .tagged(Map.of("status", ctx.status().wireName()))
        .counter("fleet_runs_completed")
        .inc(1);
    log.info("run ended: status={}", ctx.status().wireName());
    return ctx.snapshot();
  }

  /**
   * The definition a verdict named by hash. A worker that cannot read it (it lost the deployed file
   * or the published definition since the run started) fails the workflow task with the reason, so
   * the run waits, unchanged, until a worker that holds the definition picks it up; it never runs
   * another definition, since the library answers only for the exact hash.
   */
  private AgentDefinition fromLibrary(String sha256) {
    if (library == null) {
      throw new IllegalStateException(
          "the run's definition "
              + sha256
              + " was trusted by reference, but this worker has no definition library; register"
              + " the workflow with new AgentWorkflowImpl(library) as the fleet's worker does");
    }
    // A worker that has not read this hash since it started reads it from its sources here, once;
    // that may take longer than the deadlock detector's second on a cold or busy worker.
    return WorkflowUnsafe.deadlockDetectorOff(() -> library.byHash(sha256))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the run's definition "
                        + sha256
                        + " was trusted when the run started, but this worker cannot read it"
                        + " now: deploy it to the worker's agents folder or publish it again"
                        + " (./fleet agents publish FILE); the run waits for a worker that"
                        + " holds it"));
  }

  /**
   * Checks the definition the run was started with, as {@code ./fleet run} does before it starts
   * anything; a client that sent an invalid one gets a run that ends failed at once with every
   * problem in its errors, before any step ran. Runs started before this check (no {@value
   * #VALIDATE_DEFINITION} marker) are not checked on replay; version 1 checked in the workflow task
   * itself, version 2 asks a local activity whose worker checks each distinct definition once and
   * whose answer the history records.
   */
  private boolean refusedAsInvalid(AgentDefinition def) {
    int version = Workflow.getVersion(VALIDATE_DEFINITION, Workflow.DEFAULT_VERSION, 2);
    if (version == Workflow.DEFAULT_VERSION) {
      return false;
    }
    List<String> problems =
        version == 1
            ? PlaybookParser.problems(def, "agent " + def.name())
            : Workflow.newLocalActivityStub(DefinitionChecks.class, DEFINITION_CHECK)
                .definitionProblems(def);
    if (problems.isEmpty()) {
      return false;
    }
    refuseInvalid(problems);
    return true;
  }

  private void refuseInvalid(List<String> problems) {
    problems.forEach(p -> ctx.recordError(null, "InvalidPlaybook", p));
    ctx.finish(
        RunStatus.FAILED,
        "refused: the playbook is invalid ("
            + problems.size()
            + " problem(s), see the errors); no step ran");
  }

  /**
   * Ends a run whose definition the worker does not trust: refused, with the reason in its errors
   * and the audit log, before any step ran. A continued run keeps the state it carried.
   */
  private RunState refused(AgentRunInput input, DefinitionVerdict verdict) {
    String hash =
        input.ref() != null && input.ref().sha256() != null
            ? input.ref().shortHash()
            : input.definitionHash();
    ctx.begin(null, input.agent(), hash, input.item());
    if (input.continuation() != null) {
      ctx.resume(input.continuation());
    }
    log.warn("run refused: agent={} definition={}", input.agent(), hash);
    ctx.recordError(null, "UntrustedDefinition", verdict.refusal());
    ctx.finish(RunStatus.REFUSED, verdict.refusal());
    AuditFlush.flush(ctx);
    return ctx.snapshot();
  }

  /**
   * Where a step's outcome leads: a failed step goes to its {@code onError} step when it names one;
   * otherwise its failure policy decides (skip on, retry, or end the run).
   */
  private StepOutcome.Resolved settle(StepDef step, StepOutcome outcome) {
    return switch (outcome) {
      case StepOutcome.Failed f when f.onError() != null -> StepOutcome.next(f.onError());
      case StepOutcome.Failed f -> failures.handle(step, f.failure(), ctx);
      case StepOutcome.Resolved resolved -> resolved;
    };
  }

  /** Runs one step with the runner of its kind. */
  private StepOutcome execute(StepDef step) {
    return switch (step) {
      case ModelStep m -> models.run(m, ctx);
      case RouteStep r -> routes.run(r, ctx);
      case ApprovalStep a -> approvalSteps.run(a, ctx);
      case ActionStep a -> actions.run(a, ctx);
      case WaitStep w -> waits.run(w, ctx);
      case NotifyStep n -> notifications.run(n, ctx);
      case MapStep m -> maps.run(m, ctx);
      case AgentStep a -> agents.run(a, ctx);
      case EndStep e -> ends.run(e, ctx);
    };
  }

  @Override
  public RunState state() {
    return ctx.snapshot();
  }

  @Override
  public void decide(ApprovalDecision decision) {
    approvals.offer(decision, ctx);
  }

  @Override
  public void deadLetter(DeadLetterAction action) {
    failures.offer(action, ctx);
  }

  @Override
  public void event(RunEvent event) {
    String reason = eventRefusal(event);
    if (reason != null) {
      ctx.approvals()
          .ignore(
              new IgnoredSignal(
                  event == null ? null : event.sender(), "event", null, reason, ctx.now()));
      return;
    }
    receive(event);
  }

  @Override
  public RunReply decision(ApprovalDecision decision) {
    return approvals.decide(decision, ctx);
  }

  @Override
  public void validateDecision(ApprovalDecision decision) {
    approvals.validate(decision, ctx);
  }

  @Override
  public RunReply dlqAnswer(DeadLetterAction action) {
    return failures.answer(action, ctx);
  }

  @Override
  public void validateDlqAnswer(DeadLetterAction action) {
    failures.validate(action, ctx);
  }

  @Override
  public RunReply deliverEvent(RunEvent event) {
    String reason = eventRefusal(event);
    if (reason != null) {
      return RunReply.refused(reason, ctx);
    }
    receive(event);
    return RunReply.accepted("recorded event '" + event.name() + "'", ctx);
  }

  @Override
  public void validateEvent(RunEvent event) {
    String reason = eventRefusal(event);
    if (reason != null) {
      throw RunReply.refusal(reason);
    }
  }

  private static String eventRefusal(RunEvent event) {
    return event == null || event.name() == null || event.name().isBlank()
        ? "an event needs a name"
        : null;
  }

  private void receive(RunEvent event) {
    ctx.receiveEvent(new RunEvent(event.name(), event.data(), event.sender(), ctx.now()));
  }
}
