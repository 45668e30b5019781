package dev.agentfleet.workflows.model;

import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Completes a model call that names its step by reference ({@link ModelRequest#byReference()}):
 * reads the step from the trusted definition the request names, in the worker's library, and fills
 * in its fixed parts. The library answers only with the definition whose text has exactly that
 * hash, so the call is asked exactly what the run's step declares, as when the request carried it.
 */
public final class ModelStepReferences {

  /**
   * Failure type of a call whose definition this worker does not hold (it lost the deployed file or
   * the published definition since the run started); retried, as another worker may hold it.
   */
  public static final String DEFINITION_UNAVAILABLE = "DefinitionUnavailable";

  private ModelStepReferences() {}

  /**
   * The request with its step's fixed parts, read from its definition when it names them by
   * reference; any other request as it is.
   *
   * @throws ApplicationFailure {@link #DEFINITION_UNAVAILABLE} (retryable) when the library holds
   *     no such definition; {@link ModelActivities#MODEL_UNAVAILABLE} (not retryable) when the
   *     definition has no model step of that id
   */
  public static ModelRequest resolve(ModelRequest request, DefinitionLibrary library) {
    if (!request.byReference()) {
      return request;
    }
    AgentDefinition definition =
        library
            .byHash(request.definition())
            .orElseThrow(
                () ->
                    ApplicationFailure.newFailure(
                        "the model call of step '"
                            + request.stepId()
                            + "' names definition "
                            + request.definition()
                            + ", which this worker does not hold (deployed or published)",
                        DEFINITION_UNAVAILABLE));
    ModelStep step =
        modelStep(definition, request.stepId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "the model call of step '"
                            + request.stepId()
                            + "': definition "
                            + definition.name()
                            + " ("
                            + request.definition()
                            + ") has no model step of that id (a model step, or a map over one)",
                        ModelActivities.MODEL_UNAVAILABLE));
    return request.withStep(step);
  }

  /** The model step a call of {@code stepId} asks: the step itself, or the step a map runs. */
  static Optional<ModelStep> modelStep(AgentDefinition definition, String stepId) {
    return definition
        .step(stepId)
        .flatMap(
            step ->
                switch (step) {
                  case ModelStep model -> Optional.of(model);
                  case MapStep map when map.step() instanceof ModelStep model -> Optional.of(model);
                  default -> Optional.empty();
                });
  }
}
