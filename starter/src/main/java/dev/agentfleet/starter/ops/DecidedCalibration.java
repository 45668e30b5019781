package dev.agentfleet.starter.ops;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.ConfidenceBands;
import dev.agentfleet.quality.Prediction;
import dev.agentfleet.workflows.run.RunState;
import java.util.List;

/**
 * How well the confidence of the proposals people decided matched what they decided: the expected
 * calibration error over 15 bins and the acceptance rate by confidence band, with an approval
 * unchanged counted as right and an edit or a rejection as wrong ({@link DecisionLabels}). The same
 * metrics as {@code fleet eval}, from the {@code quality} module. JSON keys are stable.
 *
 * @param decided the decided proposals counted
 * @param ece the expected calibration error; null when none was decided
 * @param bands the acceptance rate in each confidence band
 */
@JsonPropertyOrder({"decided", "ece", "bands"})
public record DecidedCalibration(int decided, Double ece, List<ConfidenceBands.Band> bands) {

  /** Computes the figures over the runs' decided proposals. */
  public static DecidedCalibration of(List<RunState> states) {
    List<Prediction> predictions =
        DecisionLabels.predictions(DecisionLabels.of(states, null, null));
    return new DecidedCalibration(
        predictions.size(), Calibration.of(predictions).ece(), ConfidenceBands.of(predictions));
  }
}
