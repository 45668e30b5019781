package dev.agentfleet.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation kept for {@code BENCHMARKS.md}: {@code fleet eval ... --save NAME} writes {@code
 * bench/results/decision-quality/NAME.json} with the command that produced it, when, its targets
 * and the report's stable JSON; {@code ./fleet bench report} renders every such file into the
 * "Decision quality" section.
 */
final class SavedEvaluation {

  private SavedEvaluation() {}

  /** The folder, under the repository, that holds saved evaluations. */
  static Path folder(Path repo) {
    return repo.resolve("bench").resolve("results").resolve("decision-quality");
  }

  static Path write(
      Path repo,
      String name,
      String command,
      long elapsedMillis,
      List<QualityTargets.Check> checks,
      Map<String, Object> report)
      throws IOException {
    if (!name.matches("[a-z0-9][a-z0-9._-]{0,80}")) {
      throw new EvalException(
          "--save NAME must be lowercase letters, digits, '.', '_' or '-', got '" + name + "'",
          EvalException.USAGE);
    }
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("name", name);
    saved.put("command", command);
    saved.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    saved.put("seconds", Math.round(elapsedMillis / 100.0) / 10.0);
    saved.put(
        "targets",
        checks.stream()
            .map(
                c -> {
                  Map<String, Object> t = new LinkedHashMap<>();
                  t.put("figure", c.figure());
                  t.put("op", c.op());
                  t.put("target", c.target());
                  t.put("measured", c.measured());
                  t.put("met", c.met());
                  return t;
                })
            .toList());
    saved.put("figures", QualityTargets.figures(report));
    saved.put("report", report);
    Path file = folder(repo).resolve(name + ".json");
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), saved);
    return file;
  }
}
