package dev.agentfleet.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.IsotonicCalibration;
import dev.agentfleet.quality.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the confidence calibration {@code --fit-calibration} fits: an isotonic map from the judged
 * step's stated confidence to how often it was right, with the {@code provider/model} it holds for,
 * in the format {@code activities.calibration.ConfidenceCalibrations} reads.
 */
final class CalibrationFile {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private CalibrationFile() {}

  /** Fits and writes the map; returns a line saying what was written. */
  static String write(Path file, EvalReport report, List<Outcome> outcomes) throws IOException {
    if (report.answeredBy().size() != 1) {
      throw new EvalException(
          "--fit-calibration needs every record answered by one model, got "
              + (report.answeredBy().isEmpty() ? "none" : String.join(", ", report.answeredBy())));
    }
    List<Prediction> predictions = outcomes.stream().map(Outcome::prediction).toList();
    IsotonicCalibration map = IsotonicCalibration.fit(predictions);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", report.agent());
    out.put("step", report.step());
    out.put("version", report.version());
    out.put("answeredBy", report.answeredBy().get(0));
    out.put("fittedOn", report.source());
    out.put("records", predictions.size());
    out.put("blocks", map.blocks());
    Files.writeString(file, JSON.writeValueAsString(out) + "\n");
    double after =
        Calibration.of(
                predictions.stream()
                    .map(p -> new Prediction(p.label(), p.predicted(), map.apply(p.confidence())))
                    .toList())
            .ece();
    return String.format(
        Locale.ROOT,
        "wrote %s: %s's confidence mapped in %d blocks; ECE %.3f before, %.3f after on these"
            + " same records (optimistic: judge it on a fold it was not fitted on); a step uses it"
            + " as %s.%s.json in FLEET_CALIBRATION_DIR",
        file,
        report.answeredBy().get(0),
        map.blocks().size(),
        report.calibration().ece(),
        after,
        report.agent(),
        report.step());
  }
}
