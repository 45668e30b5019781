package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalActivities;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import dev.agentfleet.workflows.approval.ProposedEffect;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.EscalationLevel;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.DurableTimers;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.RunReply;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks a person for one decision and answers how they decided ({@link ApprovalAnswer}): publishes
 * what the approver sees, waits for a valid decision, and escalates when the deadline passes
 * (records it, notifies the escalation role, and keeps waiting). Approval steps ({@link
 * ApprovalStepRunner}), failure reviews ({@link FailureHandler}) and an agent's tool calls ({@link
 * AgentStepRunner}) each map the answer to what comes next. Decisions that are invalid,
 * unauthorised, duplicate or arrive when nothing is waiting are recorded and ignored; they never
 * fail the run.
 *
 * <p>A well-formed decision is accepted only when it is attested: signed by the approvers' side
 * over this run's waiting request, as {@link ApprovalActivities#verify} confirms with the workers'
 * public keys. An unsigned or badly signed decision (a raw {@code temporal workflow signal}, a
 * forgery, a signature made for another run or step) is refused: recorded with its reason, written
 * to the audit log as {@code approval-refused}, and the approval stays open for a person. Runs
 * started before attested approvals (no {@value #ATTESTED_APPROVALS} marker in their history) keep
 * accepting decisions as they did; the guarded connectors still refuse their unsigned attestations.
 *
 * <p>A decision comes as the {@code decision} update ({@link #validate}, {@link #decide}) or, from
 * callers that predate it, as the {@code decide} signal ({@link #offer}). Both go the same way once
 * offered: the same checks, the same verification, the same commands in the history. The update's
 * validator refuses at once, without a trace in the run, what the run would ignore or refuse
 * without asking the execution plane (nothing waiting, another step or request, not signed, a role
 * that may not decide, an edit not allowed); the update then answers with the run's judgement, so
 * the caller hears "accepted" or "refused because ..." in the same call.
 */
public final class ApprovalGate {

  /** The {@link Workflow#getVersion} change id that introduced attested approvals. */
  public static final String ATTESTED_APPROVALS = "attested-approvals";

  private static final ActivityOptions VERIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /** The decisions offered for the waiting approval, not yet judged, oldest first. */
  private final DecisionOffers offered = new DecisionOffers();

  /**
   * An approval a run asks for outside its playbook's steps (a failure review, an agent's tool
   * call): it routes nowhere (the caller maps the {@link ApprovalAnswer}), allows no edits and has
   * no escalation chain.
   *
   * @param show the ids of the steps whose outputs the approver sees
   * @param deadline ISO-8601 duration after which the request is escalated
   */
  static ApprovalStep adHoc(
      String id, String purpose, String role, String summary, List<String> show, String deadline) {
    return new ApprovalStep(
        id, purpose, role, summary, show, deadline, null, null, null, List.of(), null, null);
  }

  /** Offers a decision signal; call it from the workflow's signal method. */
  public void offer(ApprovalDecision decision, RunContext ctx) {
    offered.signal(decision, ctx);
  }

  /**
   * The {@code decision} update's validator: refuses, with the reason, what the run would refuse or
   * ignore without asking the execution plane. Reads the run's state only.
   */
  public void validate(ApprovalDecision decision, RunContext ctx) {
    DecisionOffers.validate(decision, ctx);
  }

  /**
   * The {@code decision} update's handler: offers the decision and answers, once the run judged it,
   * whether it was accepted (and what that led to) or refused (and why).
   */
  public RunReply decide(ApprovalDecision decision, RunContext ctx) {
    return offered.update(decision, ctx);
  }

  /**
   * Opens an approval request for {@code step}, waits for an attested decision (escalating as the
   * step says), closes the request and returns the answer; an edit is applied to the output the
   * step's edit names. The request names {@code effect}, what approving leads to (null: nothing a
   * signature must cover), which a bound (v3) signature must cover. The caller maps the answer to
   * what comes next.
   */
  public ApprovalAnswer await(ApprovalStep step, RunContext ctx, ProposedEffect effect) {
    long started = ctx.now();
    Duration deadline = Duration.parse(step.deadline());
    ctx.approvals().open(request(step, ctx, started, deadline, effect));
    ctx.audit("approval-requested", step.id(), null, "role=" + step.role());
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails("Waiting for a **" + step.role() + "** approver: " + step.id());
    ApprovalDecision decision = awaitAttested(step, ctx, deadline);
    ctx.approvals().close(decision);
    ApprovalAnswer answer = ApprovalAnswer.of(decision);
    if (answer == ApprovalAnswer.EDITED) {
      ctx.applyEdit(step.edit().step(), decision.values());
    }
    ctx.recordStep(step.id(), "approval", answer.wireName(), "by " + decision.approver(), started);
    return answer;
  }

  /** What the Web UI shows for a deadline's timer: the step and the escalation level. */
  private static String deadlineSummary(ApprovalStep step, int level) {
    return (level == 0 ? "approval deadline of " : "escalation " + level + " deadline of ")
        + step.id()
        + " ("
        + step.role()
        + ")";
  }

  /**
   * Waits until an offered decision is attested, refusing the others. When the step's deadline
   * passes first, the request escalates to the chain's first role; each level's {@code after}
   * later, to the next; after the last level it waits for as long as it takes. Deadlines count from
   * the start of each level; refusals do not extend them.
   */
  private ApprovalDecision awaitAttested(ApprovalStep step, RunContext ctx, Duration deadline) {
    List<EscalationLevel> chain = step.escalationChain();
    long levelEndsAt = ctx.now() + deadline.toMillis();
    int level = 0;
    boolean waitingForever = false;
    while (true) {
      if (waitingForever) {
        Workflow.await(offered::any);
      } else {
        long left = levelEndsAt - ctx.now();
        if (left <= 0
            || !DurableTimers.await(
                Duration.ofMillis(left), deadlineSummary(step, level), offered::any)) {
          EscalationLevel next = level < chain.size() ? chain.get(level) : null;
          escalate(step, next == null ? null : next.role(), ctx);
          level++;
          if (next == null || next.after() == null) {
            waitingForever = true;
          } else {
            levelEndsAt = ctx.now() + Duration.parse(next.after()).toMillis();
          }
          continue;
        }
      }
      DecisionOffers.Offer candidate = offered.next();
      String refusal = attestationRefusal(candidate.decision, step, ctx);
      if (refusal == null) {
        refusal = DecisionRequests.requestRefusal(candidate.decision, ctx);
      }
      if (refusal != null) {
        candidate.refuse(refusal);
        continue;
      }
      offered.refuseTheRest("already decided by " + candidate.decision.approver(), ctx);
      candidate.accept();
      return candidate.decision;
    }
  }

  /**
   * Why the decision is not attested (unsigned, signed in a role that may not decide, a signature
   * the execution plane refuses), recorded as refused; null when it may be accepted.
   */
  private String attestationRefusal(ApprovalDecision decision, ApprovalStep step, RunContext ctx) {
    int version = Workflow.getVersion(ATTESTED_APPROVALS, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return null;
    }
    ApprovalRequest pending = ctx.approvals().pending();
    String reason;
    if (!decision.hasSignature()) {
      reason = DecisionRequests.UNSIGNED;
    } else if (decision.role() != null && !pending.mayDecide(List.of(decision.role()))) {
      reason = DecisionRequests.roleMayNotDecide(decision.role(), pending);
    } else {
      reason = verify(decision, pending, step.edit() == null ? null : step.edit().schema(), ctx);
    }
    if (reason == null) {
      return null;
    }
    ctx.approvals()
        .refuse(
            new IgnoredSignal(
                decision.approver(), decision.decision(), pending.stepId(), reason, ctx.now()));
    AuditFlush.flush(ctx);
    return reason;
  }

  /** Asks the execution plane to verify the signature; returns why it is refused, or null. */
  private static String verify(
      ApprovalDecision decision,
      ApprovalRequest pending,
      Map<String, Object> editSchema,
      RunContext ctx) {
    ApprovalActivities verifier =
        Workflow.newActivityStub(
            ApprovalActivities.class,
            VERIFY.toBuilder()
                .setSummary(
                    StepActivities.summary(
                        pending.stepId(), "verify " + decision.approver() + "'s signature"))
                .build());
    try {
      ApprovalVerdict verdict =
          verifier.verify(
              new ApprovalCheck(
                  ctx.workflowId(),
                  pending.stepId(),
                  pending.requestedAt(),
                  decision,
                  editSchema,
                  pending.effect()));
      return verdict.valid() ? null : "signature refused: " + verdict.reason();
    } catch (ActivityFailure failure) {
      return "the signature could not be verified ("
          + Failures.message(failure)
          + "); decide again once the workers can verify it";
    }
  }

  static void ignore(ApprovalDecision decision, String reason, RunContext ctx) {
    ctx.approvals()
        .ignore(
            new IgnoredSignal(
                decision.approver(), decision.decision(), decision.stepId(), reason, ctx.now()));
  }

  /**
   * Escalates the open request: {@code role} may decide from now on (with the roles before it), and
   * is notified; with no further role the last one is reminded.
   */
  private void escalate(ApprovalStep step, String role, RunContext ctx) {
    ApprovalRequest pending = ctx.approvals().pending();
    String to =
        role != null ? role : pending.escalatedTo() != null ? pending.escalatedTo() : step.role();
    ctx.approvals().escalate(role == null ? pending.escalatedTo() : role);
    ctx.audit("escalation", step.id(), null, "deadline passed; notify " + to);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("to", "role:" + to);
    params.put("subject", "Approval overdue: " + ctx.workflowId() + " (" + step.id() + ")");
    params.put("body", ctx.approvals().pending().summary());
    int level = ctx.approvals().pending().escalatedRoles().size();
    ActionRequest notify =
        ActionStepRunner.request(
            ctx,
            IdempotencyKeys.escalation(ctx.keyScope(), step.id(), level),
            step.id(),
            ConnectorCatalog.MAIL.connector(),
            ConnectorCatalog.MAIL.operation(),
            params,
            Attestation.none());
    try {
      StepActivities.action(StepActivities.summary(step.id(), "notify " + to + ": overdue"))
          .execute(notify);
    } catch (ActivityFailure failure) {
      ctx.recordError(step.id(), Failures.type(failure), Failures.message(failure));
    }
    AuditFlush.flush(ctx);
    Workflow.setCurrentDetails(
        "Escalated to **" + to + "**: waiting for a decision on " + step.id());
  }

  private static ApprovalRequest request(
      ApprovalStep step, RunContext ctx, long now, Duration deadline, ProposedEffect effect) {
    Map<String, Object> vars = ctx.variables();
    Map<String, Object> proposal = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    for (String shown : step.show()) {
      Map<String, Object> output = ctx.output(shown);
      if (output != null) {
        proposal.put(shown, output);
        if (output.get("reasons") instanceof List<?> list) {
          list.forEach(r -> reasons.add(String.valueOf(r)));
        }
      }
    }
    return new ApprovalRequest(
        step.id(),
        step.role(),
        null,
        Templates.render(step.summary(), vars),
        proposal,
        ctx.confidence(),
        reasons,
        ctx.cost().usd(),
        now,
        now + deadline.toMillis(),
        List.of(),
        step.edit() == null ? null : step.edit().schema(),
        effect);
  }
}
