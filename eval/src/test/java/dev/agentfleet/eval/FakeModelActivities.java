package dev.agentfleet.eval;

import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fake of the execution plane's model activities for unit tests: answers each step from a
 * scripted function of the request and keeps every request it was asked, so a test can check what
 * the decision path asked and where the answers sent it.
 */
final class FakeModelActivities implements ModelActivities {

  final List<ModelRequest> requests = new ArrayList<>();
  private final Function<ModelRequest, Map<String, Object>> answers;

  FakeModelActivities(Function<ModelRequest, Map<String, Object>> answers) {
    this.answers = answers;
  }

  @Override
  public synchronized ModelResponse complete(ModelRequest request) {
    requests.add(request);
    Map<String, Object> output = answers.apply(request);
    if (output == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "scripted contract violation", ModelActivities.CONTRACT_VIOLATION);
    }
    return new ModelResponse(output, "fake", "scripted", 1, 1, 0.0, 0, 0);
  }
}
