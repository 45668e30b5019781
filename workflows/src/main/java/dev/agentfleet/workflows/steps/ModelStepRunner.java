package dev.agentfleet.workflows.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link ModelStep}: renders the prompt and the declared context, calls the model activity,
 * and records the validated output. A model that fails for good (its output broke the contract
 * after every repair, or the provider stayed down) sends the run to the step's {@code onError},
 * usually a human review; nothing invalid is passed forward.
 */
public final class ModelStepRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelStepRunner() {}

  /** Runs the step and returns the id of the next step, or null when the run has failed. */
  public static String run(ModelStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    Map<String, Object> context = new LinkedHashMap<>();
    step.context().forEach((name, template) -> context.put(name, Templates.value(template, vars)));
    ModelRequest request =
        new ModelRequest(
            ctx.workflowId() + "/" + step.id(),
            ctx.agent(),
            step.id(),
            step.tier(),
            step.task(),
            Templates.render(step.prompt(), vars),
            step.labels(),
            step.examples(),
            schemaText(step),
            step.maxRepairs(),
            context);
    try {
      ModelResponse response =
          StepActivities.model(StepActivities.summary(step.id(), step.purpose())).complete(request);
      ctx.recordModelOutput(
          step.id(),
          response.output(),
          response.inputTokens(),
          response.outputTokens(),
          response.costUsd());
      String detail =
          response.provider()
              + "/"
              + response.model()
              + " repairs="
              + response.repairs()
              + " tokens="
              + (response.inputTokens() + response.outputTokens());
      ctx.audit("model", step.id(), response.provider() + "/" + response.model(), detail);
      ctx.recordStep(step.id(), "model", "ok", detail, started);
      return step.next();
    } catch (ActivityFailure failure) {
      String type = Failures.type(failure);
      ctx.recordError(step.id(), type, Failures.message(failure));
      ctx.recordStep(step.id(), "model", "error", type, started);
      return step.onError();
    }
  }

  private static String schemaText(ModelStep step) {
    try {
      return JSON.writeValueAsString(step.output());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("output schema of step " + step.id() + " is not JSON", e);
    }
  }
}
