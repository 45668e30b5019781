package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.ActionRecord;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an {@link ActionStep}: renders the parameters, attaches the run's attestation (a human
 * approval or the rule that auto-approved; never anything a model wrote) and calls the connector
 * with the idempotency key {@code workflowId/stepId}, so a retry never acts twice.
 */
public final class ActionStepRunner {

  private ActionStepRunner() {}

  /** Performs the action and returns the next step, or the step's onError when it failed. */
  public static String run(ActionStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    Map<String, Object> params = new LinkedHashMap<>();
    step.params()
        .forEach(
            (name, template) -> {
              Object value = Templates.value(template, vars);
              if (value != null) {
                params.put(name, value);
              }
            });
    Attestation attestation = ctx.attestation();
    String key = ctx.workflowId() + "/" + step.id();
    ActionRequest request =
        new ActionRequest(
            key,
            ctx.workflowId(),
            ctx.item().id(),
            ctx.agent(),
            step.id(),
            step.connector(),
            step.operation(),
            params,
            attestation);
    String summary = StepActivities.summary(step.id(), step.connector() + "." + step.operation());
    try {
      ActionResult result = StepActivities.action(summary).execute(request);
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
      ctx.recordStep(step.id(), "action", result.replayed() ? "replayed" : "ok", key, started);
      return step.next();
    } catch (ActivityFailure failure) {
      String type = Failures.type(failure);
      ctx.recordError(step.id(), type, Failures.message(failure));
      ctx.recordStep(step.id(), "action", "error", type, started);
      return step.onError();
    }
  }
}
