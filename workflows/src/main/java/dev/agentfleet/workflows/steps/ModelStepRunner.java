package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.memory.StepContext;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.Map;

/**
 * Runs a {@link ModelStep}: renders the prompt and the declared context, calls the model activity,
 * and records the validated output. A model that fails for good (its output broke the contract
 * after every repair, or the provider stayed down) sends the run to the step's {@code onError},
 * usually a human review; nothing invalid is passed forward.
 */
public final class ModelStepRunner implements StepRunner<ModelStep> {

  /** Runs the step: its next step, or its failure (with its onError step). */
  @Override
  public StepOutcome run(ModelStep step, RunContext ctx) {
    long started = ctx.now();
    String tier = BudgetGuard.tierFor(step, ctx);
    if (tier == null) {
      ctx.recordStep(step.id(), "model", "error", BudgetGuard.BUDGET_EXHAUSTED, started);
      return StepOutcome.failed(
          step.id(),
          BudgetGuard.BUDGET_EXHAUSTED,
          "the run's model budget is spent",
          step.onError());
    }
    Map<String, Object> vars = ctx.variables();
    StepContext.Prepared context = StepContext.prepare(step, ctx, vars);
    ModelRequest request =
        request(
            step,
            IdempotencyKeys.model(ctx.keyScope(), step.id()),
            step.id(),
            ctx.agent(),
            tier,
            vars,
            context.values(),
            ctx.stepsDefinition());
    try {
      ModelResponse response =
          StepActivities.model(
                  StepActivities.summary(step.id(), step.purpose()),
                  ctx.modelQueue(tier),
                  FailurePolicies.retry(step.onFailure()),
                  step.execution())
              .complete(request);
      ctx.recordModelOutput(step.id(), response);
      String detail =
          response.provider()
              + "/"
              + response.model()
              + " repairs="
              + response.repairs()
              + " tokens="
              + (response.inputTokens() + response.outputTokens())
              + (response.cacheHit() ? " cache=hit" : "")
              + context.note();
      ctx.audit("model", step.id(), response.provider() + "/" + response.model(), detail);
      ctx.recordStep(step.id(), "model", "ok", detail, started);
      return StepOutcome.next(step.next());
    } catch (ActivityFailure failure) {
      String type = Failures.type(failure);
      StepOutcome.Failed failed =
          Failures.fail(ctx, step.id(), type, Failures.message(failure), step.onError());
      ctx.recordStep(step.id(), "model", "error", type, started);
      return failed;
    }
  }

  /**
   * The one place a {@link ModelRequest} is built from a {@link ModelStep}: for a model step, for
   * each item of a map step over a model step (then {@code stepId} is the map's id and {@code vars}
   * carry the item), and for {@code fleet eval}, so that it asks the model exactly what a run
   * would. This request carries the step's fixed parts (its task, labels, examples, output schema
   * and repairs).
   *
   * @param idempotencyKey the call's key ({@link IdempotencyKeys#model}, {@link
   *     IdempotencyKeys#mapItem})
   * @param stepId the id of the step the call is accounted to
   * @param context the step's prepared context ({@link StepContext.Prepared#values()})
   */
  public static ModelRequest request(
      ModelStep step,
      String idempotencyKey,
      String stepId,
      String agent,
      String tier,
      Map<String, Object> vars,
      Map<String, Object> context) {
    return request(step, idempotencyKey, stepId, agent, tier, vars, context, null);
  }

  /**
   * As {@link #request(ModelStep, String, String, String, String, Map, Map)}, but by reference when
   * the run names a definition the execution plane can read ({@link RunContext#stepsDefinition()}):
   * the request then leaves the step's fixed parts to that definition, so the history carries its
   * hash instead of them in every call, and the workflow task does not render them.
   *
   * @param definition the trusted definition's SHA-256, or null to carry the fixed parts
   */
  public static ModelRequest request(
      ModelStep step,
      String idempotencyKey,
      String stepId,
      String agent,
      String tier,
      Map<String, Object> vars,
      Map<String, Object> context,
      String definition) {
    ModelRequest decided =
        ModelRequest.decided(
            idempotencyKey,
            agent,
            stepId,
            tier,
            Templates.render(step.prompt(), vars),
            context,
            definition);
    return definition == null ? decided.withStep(step) : decided;
  }
}
