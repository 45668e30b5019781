package dev.agentfleet.workflows.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.agent.ToolCallPolicy;
import dev.agentfleet.workflows.agent.ToolSpec;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.Budget;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.StepRecord;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
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
 * call with the result of a different earlier one. *
 *
 * <p>This class runs the turns and the calls; {@link ToolCalls} decides each proposed call (policy,
 * approval), {@link AgentTranscript} keeps the conversation and {@link AgentUsage} the spend.
 */
public final class AgentStepRunner implements StepRunner<AgentStep> {

  /** Error type of a loop that reached one of its limits without a final answer. */
  public static final String AGENT_LIMIT = "AgentLimit";

  /**
   * The {@link Workflow#getVersion} change id under which each turn of a run with a budget is held
   * to it, as model steps are ({@link BudgetGuard}); asked only in runs that have a budget.
   */
  static final String TURN_BUDGET = "agent-turn-budget";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApprovalGate approvals;
  private final ToolCallPolicy policy = new ToolCallPolicy();

  public AgentStepRunner(ApprovalGate approvals) {
    this.approvals = approvals;
  }

  /** Runs the loop: the next step, or its failure (with its onError step). */
  @Override
  public StepOutcome run(AgentStep step, RunContext ctx) {
    return new Loop(step, ctx).run();
  }

  /** One execution of an agent step, with the state it keeps between turns. */
  private final class Loop {

    private final AgentStep step;
    private final RunContext ctx;
    private final long started;
    private final String key;
    private final AgentTranscript transcript = new AgentTranscript();
    private final ToolCalls toolCalls;
    private int iterations;
    private final AgentUsage usage = new AgentUsage();

    Loop(AgentStep step, RunContext ctx) {
      this.step = step;
      this.ctx = ctx;
      this.started = ctx.now();
      this.toolCalls = new ToolCalls(step, ctx, approvals, policy);
      long earlier =
          ctx.snapshot().steps().stream().map(StepRecord::stepId).filter(step.id()::equals).count();
      this.key = IdempotencyKeys.agentLoop(ctx.keyScope(), step.id(), earlier + 1);
    }

    StepOutcome run() {
      Map<String, Object> vars = ctx.variables();
      String goal = Templates.render(step.goal(), vars);
      Map<String, Object> context = ActionStepRunner.render(step.context(), vars);
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
            toolCalls.publish(iterations);
            ctx.recordStep(step.id(), "agent", "error", BudgetGuard.BUDGET_EXHAUSTED, started);
            return StepOutcome.failed(
                step.id(),
                BudgetGuard.BUDGET_EXHAUSTED,
                "the run's model budget is spent",
                step.onError());
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
                      transcript.messages(),
                      schema));
        } catch (ActivityFailure failure) {
          return fail(Failures.type(failure), Failures.message(failure));
        }
        usage.add(turn, ctx);
        if (turn.hasAnswer()) {
          return finish(turn);
        }
        if (turn.toolCalls().isEmpty()) {
          return fail(
              ModelActivities.CONTRACT_VIOLATION,
              "turn " + iterations + " gave neither tool calls nor a final answer");
        }
        String over = usage.overLimit(step, iterations);
        if (over != null) {
          return fail(AGENT_LIMIT, over);
        }
        transcript.assistant(turn.text(), turn.toolCalls());
        for (int i = 0; i < turn.toolCalls().size(); i++) {
          ToolCall call = turn.toolCalls().get(i);
          transcript.toolResult(call, handle(call, i + 1));
        }
        toolCalls.publish(iterations);
      }
    }

    private AgentActivities stub(String tier) {
      return StepActivities.agent(
          StepActivities.summary(step.id(), step.purpose()),
          ctx.modelQueue(tier),
          FailurePolicies.retry(step.onFailure()));
    }

    /** True when the run's budget, once spent, moves calls to the small tier (not to a person). */
    private boolean downgradeOnly() {
      return ctx.definition().budget().onExhausted() == Budget.OnExhausted.DOWNGRADE;
    }

    /** Decides one proposed call and returns what the model is told. */
    private String handle(ToolCall call, int index) {
      String callKey = IdempotencyKeys.toolCall(key, iterations, index);
      return toolCalls.decide(
          call,
          iterations,
          (tool, attestation, entry) -> execute(call, tool, callKey, attestation, entry));
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

    private StepOutcome finish(AgentTurn turn) {
      transcript.assistant(turn.text() == null ? json(turn.answer()) : turn.text(), List.of());
      Map<String, Object> output = new LinkedHashMap<>(turn.answer());
      output.put("iterations", iterations);
      output.put("toolCalls", toolCalls.count());
      output.put("calls", toolCalls.copy());
      output.put("transcript", turn.transcript() != null ? turn.transcript() : transcript.data());
      ctx.recordOutput(step.id(), output);
      String detail =
          turn.provider()
              + "/"
              + turn.model()
              + " iterations="
              + iterations
              + " toolCalls="
              + toolCalls.count()
              + " "
              + usage.detail();
      ctx.audit("agent", step.id(), turn.provider() + "/" + turn.model(), detail);
      ctx.recordStep(step.id(), "agent", "ok", detail, started);
      return StepOutcome.next(step.next());
    }

    private StepOutcome fail(String type, String message) {
      toolCalls.publish(iterations);
      StepOutcome.Failed failed = Failures.fail(ctx, step.id(), type, message, step.onError());
      ctx.recordStep(step.id(), "agent", "error", type, started);
      return failed;
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
