package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.memory.StepContext;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link MapStep}: renders the item list, runs the inner model or action step once per item
 * as parallel activities, never more than {@code concurrency} at a time, and gathers the outputs in
 * item order. Item {@code i}'s idempotency key is {@code workflowId/mapId/i}, so retrying the whole
 * step (after a dead-letter, say) acts at most once per item and hits the model cache for the items
 * that had succeeded.
 *
 * <p>Model items are asked as a model step asks ({@link ModelStepRunner#request}) and held to the
 * run's budget as a model step is, once before the first item ({@link BudgetGuard}).
 *
 * <p>Each item an inner action completed is recorded among the run's actions, so a rollback
 * compensates it item by item.
 *
 * <p>When any item fails for good, the others still finish, and the step fails with the first
 * failure in item order; the step's failure policy applies.
 */
public final class MapStepRunner implements StepRunner<MapStep> {

  /** Runs every item: the next step, or the first failure (its failure policy applies). */
  @Override
  public StepOutcome run(MapStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    List<Object> items = items(step, vars);
    if (items == null) {
      StepOutcome.Failed failed =
          Failures.fail(
              ctx, step.id(), "InvalidItems", "items did not yield a list: " + step.items(), null);
      ctx.recordStep(step.id(), "map", "error", "InvalidItems", started);
      return failed;
    }
    String tier = null;
    if (step.step() instanceof ModelStep model && !items.isEmpty()) {
      tier = BudgetGuard.tierFor(step, model, ctx);
      if (tier == null) {
        ctx.recordStep(step.id(), "map", "error", BudgetGuard.BUDGET_EXHAUSTED, started);
        return StepOutcome.failed(
            step.id(), BudgetGuard.BUDGET_EXHAUSTED, "the run's model budget is spent", null);
      }
    }
    String summary = StepActivities.summary(step.id(), step.purpose());
    List<Promise<Object>> promises = new ArrayList<>();
    List<Promise<Object>> inFlight = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      while (inFlight.size() >= Math.max(1, step.concurrency())) {
        try {
          Promise.anyOf(inFlight).get();
        } catch (ActivityFailure failed) {
          // gathered with its item below
        }
        inFlight.removeIf(Promise::isCompleted);
      }
      Map<String, Object> itemVars = new LinkedHashMap<>(vars);
      itemVars.put(step.as(), items.get(i));
      itemVars.put("index", i);
      Promise<Object> promise = start(step, i, itemVars, ctx, summary, tier);
      promises.add(promise);
      inFlight.add(promise);
    }
    List<Object> results = new ArrayList<>();
    String firstType = null;
    String firstMessage = null;
    int failed = 0;
    for (int i = 0; i < promises.size(); i++) {
      try {
        Object value = promises.get(i).get();
        if (value instanceof ModelResponse response) {
          ctx.addModelCost(response);
          results.add(response.output());
        } else if (value instanceof ActionResult action) {
          results.add(action.result());
          recordItemAction(step, i, action, ctx);
        } else {
          results.add(value);
        }
      } catch (ActivityFailure failure) {
        failed++;
        results.add(null);
        if (firstType == null) {
          firstType = Failures.type(failure);
          firstMessage = "item " + i + " (" + items.get(i) + "): " + Failures.message(failure);
        }
      }
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("items", items);
    output.put("results", results);
    output.put("failed", failed);
    ctx.recordOutput(step.id(), output);
    String detail = items.size() + " items, " + failed + " failed";
    if (firstType != null) {
      StepOutcome.Failed outcome = Failures.fail(ctx, step.id(), firstType, firstMessage, null);
      ctx.recordStep(step.id(), "map", "error", detail, started);
      return outcome;
    }
    ctx.recordStep(step.id(), "map", "ok", detail, started);
    return StepOutcome.next(step.next());
  }

  /**
   * Records an item's action like a top-level one, so a later rollback finds it: a compensation
   * declared on the inner action undoes each item (see {@link FailureHandler}).
   */
  private static void recordItemAction(
      MapStep step, int index, ActionResult result, RunContext ctx) {
    ActionStep action = (ActionStep) step.step();
    ctx.recordAction(
        new ActionRecord(
            step.id(),
            action.connector(),
            action.operation(),
            result.idempotencyKey(),
            null,
            result.replayed(),
            result.result(),
            ctx.now()));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> items(MapStep step, Map<String, Object> vars) {
    Object raw = step.items();
    if (raw instanceof String template) {
      raw = Templates.value(template, vars);
    }
    return raw instanceof List<?> list ? new ArrayList<>((List<Object>) list) : null;
  }

  private static Promise<Object> start(
      MapStep step,
      int index,
      Map<String, Object> vars,
      RunContext ctx,
      String summary,
      String tier) {
    String key = IdempotencyKeys.mapItem(ctx.keyScope(), step.id(), index);
    return switch (step.step()) {
      case ModelStep model -> {
        ModelRequest request =
            ModelStepRunner.request(
                model,
                key,
                step.id(),
                ctx.agent(),
                tier,
                vars,
                StepContext.prepare(model, ctx, vars).values(),
                ctx.stepsDefinition());
        ModelActivities stub =
            StepActivities.model(
                summary + " #" + index,
                ctx.modelQueue(tier),
                FailurePolicies.retry(step.onFailure()));
        yield Async.function(stub::complete, request).thenApply(r -> (Object) r);
      }
      case ActionStep action -> {
        ActionRequest request =
            ActionStepRunner.request(
                ctx,
                key,
                step.id(),
                action.connector(),
                action.operation(),
                ActionStepRunner.render(action.params(), vars),
                ctx.attestation());
        ActionActivities stub =
            StepActivities.action(summary + " #" + index, FailurePolicies.retry(step.onFailure()));
        yield Async.function(stub::execute, request).thenApply(r -> (Object) r);
      }
      default ->
          throw new IllegalStateException(
              "map step " + step.id() + " can only run a model or an action step per item");
    };
  }
}
