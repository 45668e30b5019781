package dev.agentfleet.activities.calibration;

import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model activities whose answers carry a calibrated confidence where a step has a calibration
 * ({@link ConfidenceCalibrations}): a model's self-reported confidence (the openai tier's, say) is
 * replaced by the probability, measured by {@code fleet eval}, that such an answer is right. Only
 * answers of the {@code provider/model} the map was fitted on are changed; everything else passes
 * through as it is. The calibrated value stays in [0, 1], so the step's contract still holds.
 */
public final class CalibratedModelActivities implements ModelActivities {

  private final ModelActivities inner;
  private final ConfidenceCalibrations calibrations;

  public CalibratedModelActivities(ModelActivities inner, ConfidenceCalibrations calibrations) {
    this.inner = inner;
    this.calibrations = calibrations;
  }

  @Override
  public ModelResponse complete(ModelRequest request) {
    ModelResponse response = inner.complete(request);
    var fitted = calibrations.forStep(request.agent(), request.stepId());
    if (fitted.isEmpty()
        || !fitted.get().answeredBy().equals(response.provider() + "/" + response.model())
        || !(response.output().get("confidence") instanceof Number stated)) {
      return response;
    }
    double calibrated = fitted.get().map().apply(Math.max(0, Math.min(1, stated.doubleValue())));
    Map<String, Object> output = new LinkedHashMap<>(response.output());
    output.put("confidence", Math.round(calibrated * 1000) / 1000.0);
    return new ModelResponse(
        output,
        response.provider(),
        response.model(),
        response.inputTokens(),
        response.outputTokens(),
        response.costUsd(),
        response.repairs(),
        response.latencyMillis(),
        response.cacheHit());
  }
}
