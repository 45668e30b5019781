package dev.agentfleet.activities.model;

import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelStepReferences;
import java.util.Objects;

/**
 * The outermost model activities of a worker: a call that names its step by reference is completed
 * from the worker's trusted definitions ({@link ModelStepReferences}) before anything else sees it,
 * so the cache, the quotas, the providers and the contract check work on the same request a call
 * carrying its step would have been.
 */
public final class StepReferenceModelActivities implements ModelActivities {

  private final ModelActivities inner;
  private final DefinitionLibrary definitions;

  public StepReferenceModelActivities(ModelActivities inner, DefinitionLibrary definitions) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.definitions = Objects.requireNonNull(definitions, "definitions");
  }

  @Override
  public ModelResponse complete(ModelRequest request) {
    return inner.complete(ModelStepReferences.resolve(request, definitions));
  }
}
