package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelStepReferences;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process fake of the model plane for workflow unit tests: answers are scripted per step id;
 * a step scripted with {@link #violate} fails the way a real provider fails after its repairs.
 */
final class FakeModelActivities implements ModelActivities {

  private final Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
  private final Map<String, Function<ModelRequest, Map<String, Object>>> answerers =
      new ConcurrentHashMap<>();
  private final Map<String, String> violations = new ConcurrentHashMap<>();
  private final Map<String, Double> costs = new ConcurrentHashMap<>();
  private final Set<String> cacheHits = ConcurrentHashMap.newKeySet();
  final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> taskQueues = new CopyOnWriteArrayList<>();
  private volatile DefinitionLibrary library;

  FakeModelActivities answer(String stepId, Map<String, Object> output) {
    outputs.put(stepId, output);
    return this;
  }

  /**
   * Scripts a step whose answer depends on the request, such as each item of a map step (which
   * share the map's step id); it takes the place of {@link #answer} for that step.
   */
  FakeModelActivities answerEach(
      String stepId, Function<ModelRequest, Map<String, Object>> answer) {
    answerers.put(stepId, answer);
    return this;
  }

  /** Scripts what a step's call costs; unscripted steps cost $0.0012. */
  FakeModelActivities cost(String stepId, double usd) {
    costs.put(stepId, usd);
    return this;
  }

  /** Scripts a step to be answered from the response cache: no tokens, no cost. */
  FakeModelActivities cached(String stepId) {
    cacheHits.add(stepId);
    return this;
  }

  FakeModelActivities violate(String stepId, String why) {
    violations.put(stepId, why);
    return this;
  }

  /** The step's model behaves again. */
  FakeModelActivities heal(String stepId) {
    violations.remove(stepId);
    return this;
  }

  /**
   * Completes calls that name their step by reference from this library first, as the fleet's
   * worker does ({@link ModelStepReferences}); {@link #requests} then holds the completed calls.
   */
  FakeModelActivities readingStepsFrom(DefinitionLibrary library) {
    this.library = library;
    return this;
  }

  @Override
  public ModelResponse complete(ModelRequest call) {
    ModelRequest request = library == null ? call : ModelStepReferences.resolve(call, library);
    requests.add(request);
    taskQueues.add(Activity.getExecutionContext().getInfo().getActivityTaskQueue());
    String why = violations.get(request.stepId());
    if (why != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "output of " + request.stepId() + " broke its contract: " + why, CONTRACT_VIOLATION);
    }
    Function<ModelRequest, Map<String, Object>> answerer = answerers.get(request.stepId());
    Map<String, Object> output =
        answerer != null ? answerer.apply(request) : outputs.get(request.stepId());
    if (output == null) {
      throw new IllegalStateException("no scripted answer for step " + request.stepId());
    }
    if (cacheHits.contains(request.stepId())) {
      return new ModelResponse(output, "fake", "scripted", 0, 0, 0.0, 0, 1, true);
    }
    return new ModelResponse(
        output, "fake", "scripted", 100, 20, costs.getOrDefault(request.stepId(), 0.0012), 0, 3);
  }
}
