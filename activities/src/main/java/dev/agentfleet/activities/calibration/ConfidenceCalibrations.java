package dev.agentfleet.activities.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.quality.IsotonicCalibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The confidence calibrations {@code fleet eval --fit-calibration} fitted, one file per agent and
 * step in a folder ({@value #ENV}): {@code <agent>.<step>.json}, holding the isotonic map and the
 * {@code provider/model} whose confidence it was fitted on. A step uses its file when there is one;
 * a step without one keeps its model's confidence as it is. Files are read once, on first use.
 */
public final class ConfidenceCalibrations {

  /** The environment variable naming the folder; unset means no calibrations. */
  public static final String ENV = "FLEET_CALIBRATION_DIR";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * One step's calibration.
   *
   * @param answeredBy the {@code provider/model} whose confidence the map was fitted on; it applies
   *     to that model's answers only
   */
  public record Fitted(String answeredBy, IsotonicCalibration map) {}

  private final Path folder;
  private final Map<String, Optional<Fitted>> loaded = new ConcurrentHashMap<>();

  /** Calibrations in {@code folder}; null for none. */
  public ConfidenceCalibrations(Path folder) {
    this.folder = folder;
  }

  /** The calibrations in the folder the environment names, or none. */
  public static ConfidenceCalibrations fromEnv(Map<String, String> env) {
    String dir = env.get(ENV);
    return new ConfidenceCalibrations(dir == null || dir.isBlank() ? null : Path.of(dir));
  }

  /** The file a step's calibration is kept in, within {@code folder}. */
  public static Path file(Path folder, String agent, String stepId) {
    return folder.resolve(agent + "." + stepId + ".json");
  }

  /** The calibration of a step, if the folder has one. */
  public Optional<Fitted> forStep(String agent, String stepId) {
    if (folder == null
        || agent == null
        || stepId == null
        || !SAFE.matcher(agent).matches()
        || !SAFE.matcher(stepId).matches()) {
      return Optional.empty();
    }
    return loaded.computeIfAbsent(agent + "." + stepId, key -> read(file(folder, agent, stepId)));
  }

  private static Optional<Fitted> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<IsotonicCalibration.Block> blocks = new ArrayList<>();
      for (JsonNode b : root.path("blocks")) {
        blocks.add(
            new IsotonicCalibration.Block(
                b.path("upTo").asDouble(),
                b.path("probability").asDouble(),
                b.path("count").asInt()));
      }
      String answeredBy = root.path("answeredBy").asText("");
      if (answeredBy.isEmpty() || blocks.isEmpty()) {
        throw new IllegalStateException(
            file
                + " is not a calibration: it needs answeredBy and blocks (fleet eval --fit-calibration writes it)");
      }
      return Optional.of(new Fitted(answeredBy, new IsotonicCalibration(blocks)));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the calibration " + file + ": " + e.getMessage(), e);
    }
  }
}
