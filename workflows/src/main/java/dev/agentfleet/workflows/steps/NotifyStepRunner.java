package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.playbook.NotifyStep;
import dev.agentfleet.workflows.playbook.RetrySpec;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link NotifyStep}: a mail through the mailer's {@code notify}, or a POST through the
 * webhook connector, with the idempotency key {@code workflowId/stepId} so a retry never notifies
 * twice. Notifications need no attestation: they tell, they do not act.
 */
public final class NotifyStepRunner implements StepRunner<NotifyStep> {

  /** Sends the notification: the next step, or its failure (its failure policy applies). */
  @Override
  public StepOutcome run(NotifyStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    boolean webhook = NotifyStep.WEBHOOK.equals(step.channel());
    Map<String, Object> params = new LinkedHashMap<>();
    if (webhook) {
      if (step.url() != null) {
        params.put("url", Templates.render(step.url(), vars));
      }
      params.put("subject", Templates.render(step.subject(), vars));
      params.put("text", Templates.render(step.body(), vars));
      params.put("workflowId", ctx.workflowId());
      params.put("stepId", step.id());
    } else {
      params.put("to", Templates.render(step.to(), vars));
      params.put("subject", Templates.render(step.subject(), vars));
      params.put("body", Templates.render(step.body(), vars));
    }
    String key = IdempotencyKeys.notify(ctx.keyScope(), step.id());
    ConnectorCatalog.Target target =
        webhook ? ConnectorCatalog.WEBHOOK_POST : ConnectorCatalog.MAIL;
    ActionRequest request =
        ActionStepRunner.request(
            ctx,
            key,
            step.id(),
            target.connector(),
            target.operation(),
            params,
            Attestation.none());
    RetrySpec retry =
        step.onFailure() != null && step.onFailure().retry() != null
            ? step.onFailure().retry()
            : FailurePolicies.NOTIFY_RETRY;
    try {
      ActionResult result =
          StepActivities.action(StepActivities.summary(step.id(), step.purpose()), retry)
              .execute(request);
      ActionStepRunner.recordDone(step.id(), "notify", result, started, ctx);
      return StepOutcome.next(step.next());
    } catch (ActivityFailure failure) {
      return ActionStepRunner.recordFailed(step.id(), "notify", failure, started, null, ctx);
    }
  }
}
