package dev.agentfleet.workflows.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.agent.AgentMessage;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.agent.ToolCallPolicy;
import dev.agentfleet.workflows.agent.ToolSpec;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.Budget;
import dev.agentfleet.workflows.playbook.ToolPolicy;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.StepRecord;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an {@link AgentStep}: a bounded tool loop. Each iteration asks the model for one turn
 * ({@link AgentActivities#turn}, on the tier's model queue); every tool call it proposes is checked
 * here, in the decision plane, before anything acts: a tool the step does not list is denied, the
 * step's policy allows it, denies it, or asks a person to approve it first. Allowed and approved
 * calls run through the connectors with the idempotency key {@code workflowId/stepId/iteration/
 * call} and the run's own attestation; a call's result, error, denial or rejection is what the
 * model reads next. The model's words never become an attestation: an approval exists only when a
 * person signed it for that one call, and it is withdrawn once the call ran.
 *
 * <p>The loop ends with a final answer the execution plane validated against the step's output
 * schema: recorded as the step's output with {@code iterations}, {@code toolCalls}, {@code calls}
 * (every proposed call with its decision and outcome) and {@code transcript} (inline, or a blob
 * reference when large); those four names are reserved in the answer. It fails with {@value
 * #AGENT_LIMIT} when it reaches {@code maxIterations} without an answer, or has used more than
 * {@code maxTokens} or {@code maxCostUsd} before executing more calls; a failed model turn fails
 * the step with its own type. Either way the step's {@code onError}, else its failure policy,
 * applies.
 *
 * <p>A step that runs again in the same run (after a review, a dead-letter retry or a loop back)
 * starts a new conversation under new keys ({@code stepId@2}, ...), so a ledger never answers a new
 * call with the result of a different earlier one.
 */
public final class AgentStepRunner {

  /** Error type of a loop that reached one of its limits without a final answer. */
  public static final String AGENT_LIMIT = "AgentLimit";

  /**
   * The {@link Workflow#getVersion} change id under which each turn of a run with a budget is held
   * to it, as model steps are ({@link BudgetGuard}); asked only in runs that have a budget.
   */
  static final String TURN_BUDGET = "agent-turn-budget";

  /** The longest tool result the model reads (and the history keeps), in characters. */
  static final int MAX_RESULT_CHARS = 16_000;

  private static final String APPROVED = "\u0000tool-approved";
  private static final String REJECTED = "\u0000tool-rejected";
  private static final int MAX_ARGS_IN_SUMMARY = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApprovalGate approvals;
  private final ToolCallPolicy policy = new ToolCallPolicy();

  public AgentStepRunner(ApprovalGate approvals) {
    this.approvals = approvals;
  }

  /** Runs the loop; returns the next step, or the step's onError (null) when it failed. */
  public String run(AgentStep step, RunContext ctx) {
    return new Loop(step, ctx).run();
  }

  /** One execution of an agent step, with the state it keeps between turns. */
  private final class Loop {

    private final AgentStep step;
    private final RunContext ctx;
    private final long started;
    private final String key;
    private final List<AgentMessage> transcript = new ArrayList<>();
    private final List<Map<String, Object>> calls = new ArrayList<>();
    private int iterations;
    private int approvalsAsked;
    private long tokens;
    private double usd;

    Loop(AgentStep step, RunContext ctx) {
      this.step = step;
      this.ctx = ctx;
      this.started = ctx.now();
      long earlier =
          ctx.snapshot().steps().stream().map(StepRecord::stepId).filter(step.id()::equals).count();
      this.key = IdempotencyKeys.agentLoop(ctx.workflowId(), step.id(), earlier + 1);
    }

    String run() {
      Map<String, Object> vars = ctx.variables();
      String goal = Templates.render(step.goal(), vars);
      Map<String, Object> context = new LinkedHashMap<>();
      step.context()
          .forEach(
              (name, template) -> {
                Object value = Templates.value(template, vars);
                if (value != null) {
                  context.put(name, value);
                }
              });
      List<ToolSpec> tools =
          step.tools().stream()
              .map(t -> new ToolSpec(t.name(), t.description(), t.parameters()))
              .toList();
      String schema = json(step.output());
      String tier = step.tier();
      AgentActivities agent = stub(tier);
      boolean budgeted =
          ctx.definition().budget() != null
              && Workflow.getVersion(TURN_BUDGET, Workflow.DEFAULT_VERSION, 1) >= 1;
      while (true) {
        iterations++;
        if (budgeted && !(downgradeOnly() && ModelTiers.SMALL.equals(tier))) {
          String allowed =
              BudgetGuard.tierFor(step.id(), tier, "turn " + iterations + " of agent step", ctx);
          if (allowed == null) {
            publish();
            ctx.markFailed(
                step.id(), BudgetGuard.BUDGET_EXHAUSTED, "the run's model budget is spent");
            ctx.recordStep(step.id(), "agent", "error", BudgetGuard.BUDGET_EXHAUSTED, started);
            return step.onError();
          }
          if (!allowed.equals(tier)) {
            tier = allowed;
            agent = stub(tier);
          }
        }
        AgentTurn turn;
        try {
          turn =
              agent.turn(
                  new AgentTurnRequest(
                      IdempotencyKeys.agentTurn(key, iterations),
                      ctx.workflowId(),
                      ctx.agent(),
                      step.id(),
                      tier,
                      iterations,
                      goal,
                      context,
                      tools,
                      transcript,
                      schema));
        } catch (ActivityFailure failure) {
          return fail(Failures.type(failure), Failures.message(failure));
        }
        account(turn);
        if (turn.hasAnswer()) {
          return finish(turn);
        }
        if (turn.toolCalls().isEmpty()) {
          return fail(
              ModelActivities.CONTRACT_VIOLATION,
              "turn " + iterations + " gave neither tool calls nor a final answer");
        }
        String over = overLimit();
        if (over != null) {
          return fail(AGENT_LIMIT, over);
        }
        transcript.add(AgentMessage.assistant(turn.text(), turn.toolCalls()));
        for (int i = 0; i < turn.toolCalls().size(); i++) {
          ToolCall call = turn.toolCalls().get(i);
          transcript.add(AgentMessage.toolResult(call, bounded(handle(call, i + 1))));
        }
        publish();
      }
    }

    private AgentActivities stub(String tier) {
      return StepActivities.agent(
          StepActivities.summary(step.id(), step.purpose()),
          tier,
          FailurePolicies.retry(step.onFailure()));
    }

    /** True when the run's budget, once spent, moves calls to the small tier (not to a person). */
    private boolean downgradeOnly() {
      return ctx.definition().budget().onExhausted() == Budget.OnExhausted.DOWNGRADE;
    }

    /** Why the loop may not go on (and no proposed call may run), or null. */
    private String overLimit() {
      if (iterations >= step.maxIterations()) {
        return "maxIterations "
            + step.maxIterations()
            + " reached without a final answer; the last turn's calls were not run";
      }
      if (step.maxTokens() != null && tokens > step.maxTokens()) {
        return "maxTokens " + step.maxTokens() + " exceeded: " + tokens + " tokens used";
      }
      if (step.maxCostUsd() != null && usd > step.maxCostUsd()) {
        return String.format(
            Locale.ROOT, "maxCostUsd %.6f exceeded: $%.6f spent", step.maxCostUsd(), usd);
      }
      return null;
    }

    /** Decides one proposed call and returns what the model is told. */
    private String handle(ToolCall call, int index) {
      String callKey = IdempotencyKeys.toolCall(key, iterations, index);
      ToolCallPolicy.Verdict verdict = policy.decide(step, call, ctx.variables());
      if (verdict.error()) {
        ctx.recordError(step.id(), "ToolPolicyError", verdict.reason());
      }
      return switch (verdict.decision()) {
        case ToolPolicy.ALLOW ->
            execute(call, verdict.tool(), callKey, ctx.attestation(), record(call, "allowed"));
        case ToolPolicy.APPROVE -> approveThenExecute(call, verdict, callKey);
        default -> deny(call, verdict);
      };
    }

    private String deny(ToolCall call, ToolCallPolicy.Verdict verdict) {
      Map<String, Object> entry = record(call, "denied");
      entry.put("outcome", verdict.reason());
      ctx.audit("tool-denied", step.id(), null, call.name() + ": " + verdict.reason());
      return verdict.tool() == null
          ? "denied: not an allowed tool"
          : "denied: the step's policy does not allow this call";
    }

    /** Opens an approval for this one call; runs it if a person approves. */
    private String approveThenExecute(ToolCall call, ToolCallPolicy.Verdict verdict, String key) {
      approvalsAsked++;
      String approvalId = step.id() + ":" + call.name() + "#" + approvalsAsked;
      Map<String, Object> entry = record(call, "approve");
      entry.put("approval", approvalId);
      entry.put("outcome", "waiting for " + verdict.role());
      publish();
      AgentTool tool = verdict.tool();
      ApprovalStep review =
          new ApprovalStep(
              approvalId,
              "Approve the agent's call to " + call.name(),
              verdict.role(),
              approvalSummary(call, tool),
              List.of(step.id()),
              "PT24H",
              null,
              APPROVED,
              REJECTED,
              List.of(),
              null,
              null);
      Attestation before = ctx.attestation();
      String decided =
          approvals.await(
              review,
              ctx,
              tool == null
                  ? null
                  : dev.agentfleet.workflows.approval.ProposedEffect.of(
                      tool.connector(), tool.operation(), call.args()));
      if (APPROVED.equals(decided)) {
        entry.put("decision", "approved");
        try {
          return execute(call, tool, key, ctx.attestation(), entry);
        } finally {
          ctx.restoreHumanApproval(before);
        }
      }
      String by = decidedBy(approvalId);
      entry.put("decision", "rejected");
      entry.put("outcome", "rejected by " + by);
      return "rejected by " + by;
    }

    private String execute(
        ToolCall call,
        AgentTool tool,
        String callKey,
        Attestation attestation,
        Map<String, Object> entry) {
      ActionRequest request =
          ActionStepRunner.request(
              ctx,
              callKey,
              step.id(),
              tool.connector(),
              tool.operation(),
              new LinkedHashMap<>(call.args()),
              attestation);
      String summary =
          StepActivities.summary(
              step.id(),
              "tool " + call.name() + " (" + tool.connector() + "." + tool.operation() + ")");
      String attestedBy =
          attestation.principal() == null
              ? null
              : attestation.kind() + ":" + attestation.principal();
      try {
        ActionResult result =
            StepActivities.action(summary, FailurePolicies.retry(step.onFailure()))
                .execute(request);
        ctx.recordAction(
            new ActionRecord(
                step.id(),
                tool.connector(),
                tool.operation(),
                callKey,
                attestedBy,
                result.replayed(),
                result.result(),
                ctx.now()));
        String outcome = result.replayed() ? "replayed" : "ok";
        entry.put("outcome", outcome);
        ctx.audit("tool-call", step.id(), attestedBy, call.name() + " " + outcome + " " + callKey);
        return result.result() == null ? "ok" : json(result.result());
      } catch (ActivityFailure failure) {
        String type = Failures.type(failure);
        String message = Failures.message(failure);
        ctx.recordError(step.id(), type, "tool " + call.name() + " failed: " + message);
        entry.put("outcome", "error: " + type);
        return "error: " + type + ": " + message;
      }
    }

    private String finish(AgentTurn turn) {
      transcript.add(
          AgentMessage.assistant(
              turn.text() == null ? json(turn.answer()) : turn.text(), List.of()));
      Map<String, Object> output = new LinkedHashMap<>(turn.answer());
      output.put("iterations", iterations);
      output.put("toolCalls", calls.size());
      output.put("calls", copyOfCalls());
      output.put("transcript", turn.transcript() != null ? turn.transcript() : transcriptData());
      ctx.recordOutput(step.id(), output);
      String detail =
          turn.provider()
              + "/"
              + turn.model()
              + " iterations="
              + iterations
              + " toolCalls="
              + calls.size()
              + " tokens="
              + tokens
              + String.format(Locale.ROOT, " usd=%.6f", usd);
      ctx.audit("agent", step.id(), turn.provider() + "/" + turn.model(), detail);
      ctx.recordStep(step.id(), "agent", "ok", detail, started);
      return step.next();
    }

    private String fail(String type, String message) {
      publish();
      ctx.failStep(step.id(), type, message);
      ctx.recordStep(step.id(), "agent", "error", type, started);
      return step.onError();
    }

    private void account(AgentTurn turn) {
      tokens += turn.inputTokens() + turn.outputTokens();
      usd += turn.costUsd();
      ctx.addModelCost(
          new ModelResponse(
              Map.of(),
              turn.provider(),
              turn.model(),
              turn.inputTokens(),
              turn.outputTokens(),
              turn.costUsd(),
              turn.repairs(),
              turn.latencyMillis()));
    }

    /** Adds a call to the {@code calls} list and returns its entry, to complete later. */
    private Map<String, Object> record(ToolCall call, String decision) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("iteration", iterations);
      entry.put("name", call.name());
      entry.put("decision", decision);
      entry.put("outcome", null);
      calls.add(entry);
      return entry;
    }

    /** Shows the loop's progress in the run state while it runs (and after it failed). */
    private void publish() {
      Map<String, Object> progress = new LinkedHashMap<>();
      progress.put("iterations", iterations);
      progress.put("toolCalls", calls.size());
      progress.put("calls", copyOfCalls());
      ctx.recordOutput(step.id(), progress);
    }

    private List<Map<String, Object>> copyOfCalls() {
      List<Map<String, Object>> copy = new ArrayList<>();
      calls.forEach(c -> copy.add(new LinkedHashMap<>(c)));
      return copy;
    }

    private List<Map<String, Object>> transcriptData() {
      List<Map<String, Object>> data = new ArrayList<>();
      for (AgentMessage m : transcript) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", m.role());
        if (m.toolName() != null) {
          message.put("tool", m.toolName());
          message.put("callId", m.callId());
        }
        if (m.text() != null) {
          message.put("text", m.text());
        }
        if (!m.calls().isEmpty()) {
          List<Map<String, Object>> proposed = new ArrayList<>();
          for (ToolCall c : m.calls()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", c.id());
            p.put("name", c.name());
            p.put("args", c.args());
            proposed.add(p);
          }
          message.put("calls", proposed);
        }
        data.add(message);
      }
      return data;
    }

    private String approvalSummary(ToolCall call, AgentTool tool) {
      String args = json(call.args());
      if (args.length() > MAX_ARGS_IN_SUMMARY) {
        args = args.substring(0, MAX_ARGS_IN_SUMMARY) + "…";
      }
      String text =
          "Agent step "
              + step.id()
              + " of "
              + ctx.agent()
              + " asks to call "
              + call.name()
              + " ("
              + tool.connector()
              + "."
              + tool.operation()
              + ") with "
              + args
              + ". Approve to run this one call; reject to tell the agent no.";
      // The arguments are the model's words: they must not render as templates over the run.
      return text.replace("{{", "{ {");
    }

    private String decidedBy(String approvalId) {
      List<ApprovalRecord> records = ctx.snapshot().approvals();
      for (int i = records.size() - 1; i >= 0; i--) {
        if (approvalId.equals(records.get(i).stepId())) {
          return records.get(i).decidedBy();
        }
      }
      return "an approver";
    }
  }

  private static String bounded(String text) {
    if (text == null || text.length() <= MAX_RESULT_CHARS) {
      return text;
    }
    return text.substring(0, MAX_RESULT_CHARS)
        + "\n[…cut: "
        + (text.length() - MAX_RESULT_CHARS)
        + " more characters]";
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
