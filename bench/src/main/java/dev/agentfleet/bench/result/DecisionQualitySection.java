package dev.agentfleet.bench.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The "Decision quality" section of {@code BENCHMARKS.md}, rendered from the evaluations that
 * {@code ./fleet eval ... --save NAME} kept in {@code bench/results/decision-quality/}: per
 * evaluation the command that produced it, its figures and each target with its verdict.
 */
public final class DecisionQualitySection {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionQualitySection() {}

  /** The section for every saved evaluation in {@code folder}; empty when there is none. */
  public static String render(Path folder) {
    if (!Files.isDirectory(folder)) {
      return "";
    }
    List<JsonNode> saved = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        saved.add(JSON.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved evaluations in " + folder, e);
    }
    if (saved.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    md.append("\n## Decision quality\n\n");
    md.append(
        "Written from `bench/results/decision-quality/*.json`, which `./fleet eval AGENT"
            + " --labelled FILE --expect TARGETS --save NAME` keeps (see"
            + " [docs/decision-quality.md](docs/decision-quality.md)). Figures come from files"
            + " the agent's examples were not fitted on. An evaluation is deterministic: a"
            + " target is met or missed, there is no noise margin.\n");
    for (JsonNode evaluation : saved) {
      JsonNode report = evaluation.path("report");
      JsonNode figures = evaluation.path("figures");
      md.append("\n### ").append(evaluation.path("name").asText()).append("\n\n");
      md.append("`")
          .append(evaluation.path("command").asText())
          .append("` · ")
          .append(evaluation.path("date").asText())
          .append(" · ")
          .append(evaluation.path("seconds").asText())
          .append(" s · ")
          .append(report.path("records").asInt())
          .append(" records · agent version `")
          .append(report.path("version").asText())
          .append("`\n\n");
      md.append("| figure | measured | target | verdict |\n| --- | --- | --- | --- |\n");
      List<String> targeted = new ArrayList<>();
      for (JsonNode target : evaluation.path("targets")) {
        String figure = target.path("figure").asText();
        targeted.add(figure);
        md.append("| ")
            .append(figure)
            .append(" | ")
            .append(number(target.path("measured")))
            .append(" | ")
            .append(target.path("op").asText())
            .append(' ')
            .append(number(target.path("target")))
            .append(" | ")
            .append(target.path("met").asBoolean() ? "met" : "**MISSED**")
            .append(" |\n");
      }
      figures
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (!targeted.contains(name)) {
                  md.append("| ")
                      .append(name)
                      .append(" | ")
                      .append(number(figures.path(name)))
                      .append(" | — | — |\n");
                }
              });
      JsonNode threshold = report.path("threshold");
      md.append("\nThreshold for precision ")
          .append(number(threshold.path("targetPrecision")))
          .append(": confidence >= ")
          .append(number(threshold.path("confidence")))
          .append(", coverage ")
          .append(number(threshold.path("coverage")))
          .append(", precision ")
          .append(number(threshold.path("precision")))
          .append(".");
      List<String> actions = new ArrayList<>();
      for (JsonNode action : report.path("autoActions")) {
        actions.add(
            "`"
                + action.path("rule").asText()
                + "` "
                + action.path("records").asInt()
                + " records at precision "
                + number(action.path("precision")));
      }
      if (!actions.isEmpty()) {
        md.append(" Automatic actions: ").append(String.join("; ", actions)).append('.');
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String number(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.4f", value.asDouble())
        .replaceAll("0+$", "")
        .replaceAll("\\.$", "");
  }
}
