package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an {@link ActionStep}: renders the parameters, attaches the run's attestation (a human
 * approval or the rule that auto-approved; never anything a model wrote) and calls the connector
 * with the idempotency key {@code workflowId/stepId}, so a retry never acts twice.
 */
public final class ActionStepRunner implements StepRunner<ActionStep> {

  /** A connector call on behalf of the run, with its workflow, record and agent filled in. */
  static ActionRequest request(
      RunContext ctx,
      String idempotencyKey,
      String stepId,
      String connector,
      String operation,
      Map<String, Object> params,
      Attestation attestation) {
    return new ActionRequest(
        idempotencyKey,
        ctx.workflowId(),
        ctx.item().id(),
        ctx.agent(),
        stepId,
        connector,
        operation,
        params,
        attestation);
  }

  /** Renders parameter templates; parameters whose value is missing are left out. */
  static Map<String, Object> render(Map<String, String> templates, Map<String, Object> vars) {
    Map<String, Object> params = new LinkedHashMap<>();
    templates.forEach(
        (name, template) -> {
          Object value = Templates.value(template, vars);
          if (value != null) {
            params.put(name, value);
          }
        });
    return params;
  }

  /** Performs the action: the next step, or its failure (with its onError step). */
  @Override
  public StepOutcome run(ActionStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> params = render(step.params(), ctx.variables());
    Attestation attestation = ctx.attestation();
    String key = IdempotencyKeys.action(ctx.keyScope(), step.id());
    ActionRequest request =
        request(ctx, key, step.id(), step.connector(), step.operation(), params, attestation);
    String summary = StepActivities.summary(step.id(), step.connector() + "." + step.operation());
    try {
      ActionResult result =
          StepActivities.action(summary, FailurePolicies.retry(step.onFailure()), step.execution())
              .execute(request);
      String attestedBy =
          attestation.principal() == null
              ? null
              : attestation.kind() + ":" + attestation.principal();
      ctx.recordAction(
          new ActionRecord(
              step.id(),
              step.connector(),
              step.operation(),
              key,
              attestedBy,
              result.replayed(),
              result.result(),
              ctx.now()));
      recordDone(step.id(), "action", result, started, ctx);
      return StepOutcome.next(step.next());
    } catch (ActivityFailure failure) {
      return recordFailed(step.id(), "action", failure, started, step.onError(), ctx);
    }
  }

  /** Records a connector call that succeeded: its result becomes the step's output. */
  static void recordDone(
      String stepId, String kind, ActionResult result, long started, RunContext ctx) {
    if (result.result() != null) {
      ctx.recordOutput(stepId, result.result());
    }
    ctx.recordStep(
        stepId, kind, result.replayed() ? "replayed" : "ok", result.idempotencyKey(), started);
  }

  /**
   * Records a connector call that failed for good and returns the step's failure: its {@code
   * onError} step (may be null), else its failure policy, applies next.
   */
  static StepOutcome.Failed recordFailed(
      String stepId,
      String kind,
      ActivityFailure failure,
      long started,
      String onError,
      RunContext ctx) {
    String type = Failures.type(failure);
    StepOutcome.Failed failed =
        Failures.fail(ctx, stepId, type, Failures.message(failure), onError);
    ctx.recordStep(stepId, kind, "error", type, started);
    return failed;
  }
}
