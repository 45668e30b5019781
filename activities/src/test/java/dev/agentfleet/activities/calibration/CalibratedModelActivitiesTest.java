package dev.agentfleet.activities.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratedModelActivitiesTest {

  @TempDir Path folder;

  private static ModelRequest request(String step) {
    return new ModelRequest(
        "wf/" + step,
        "support-triage",
        step,
        "small",
        ModelTask.CLASSIFY,
        "p",
        List.of(),
        List.of(),
        "{}",
        0,
        Map.of());
  }

  private static ModelResponse answer(String provider, String model, double confidence) {
    return new ModelResponse(
        Map.of("category", "refund", "confidence", confidence), provider, model, 1, 1, 0.0, 0, 0);
  }

  private void calibrationFile() throws Exception {
    Files.writeString(
        ConfidenceCalibrations.file(folder, "support-triage", "classify"),
        "{\"agent\":\"support-triage\",\"step\":\"classify\",\"answeredBy\":\"openai/gpt-4o-mini\","
            + "\"blocks\":[{\"upTo\":0.8,\"probability\":0.4,\"count\":10},"
            + "{\"upTo\":1.0,\"probability\":0.7,\"count\":30}]}");
  }

  @Test
  void the_stated_confidence_of_the_fitted_model_becomes_the_measured_probability()
      throws Exception {
    calibrationFile();
    var calibrated =
        new CalibratedModelActivities(
            r -> answer("openai", "gpt-4o-mini", 0.99), new ConfidenceCalibrations(folder));
    ModelResponse response = calibrated.complete(request("classify"));
    assertThat(response.output())
        .containsEntry("confidence", 0.7)
        .containsEntry("category", "refund");
  }

  @Test
  void other_models_other_steps_and_no_folder_pass_through() throws Exception {
    calibrationFile();
    ConfidenceCalibrations calibrations = new ConfidenceCalibrations(folder);
    assertThat(
            new CalibratedModelActivities(
                    r -> answer("offline", "all-minilm-l6-v2", 0.99), calibrations)
                .complete(request("classify"))
                .output())
        .containsEntry("confidence", 0.99);
    assertThat(
            new CalibratedModelActivities(r -> answer("openai", "gpt-4o-mini", 0.99), calibrations)
                .complete(request("extract"))
                .output())
        .containsEntry("confidence", 0.99);
    assertThat(
            new CalibratedModelActivities(
                    r -> answer("openai", "gpt-4o-mini", 0.99),
                    ConfidenceCalibrations.fromEnv(Map.of()))
                .complete(request("classify"))
                .output())
        .containsEntry("confidence", 0.99);
  }
}
