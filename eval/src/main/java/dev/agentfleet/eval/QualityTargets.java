package dev.agentfleet.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Targets an evaluation must meet ({@code --expect accuracy>=0.92,ece<=0.03}), so {@code fleet
 * eval} can gate a playbook change and {@code BENCHMARKS.md} can show each figure beside its
 * target.
 *
 * <p>The figures: {@code accuracy}, {@code macroF1}, {@code ece}, {@code autoPrecision} (precision
 * over every record a rule acts on with no approval), {@code autoCoverage} (the share of records
 * such a rule acts on), {@code thresholdCoverage} and {@code thresholdPrecision} (the share of
 * records at or above the lowest confidence that reaches {@code --target-precision}, and the
 * precision among them: how many records a route on that confidence decides without a person). An
 * evaluation is deterministic, so there is no noise margin: a miss is a miss.
 */
final class QualityTargets {

  /** One target and how the evaluation met it. */
  record Check(String figure, String op, double target, Double measured, boolean met) {

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s %s %s: %s",
          figure,
          op,
          trim(target),
          measured == null ? "not measured" : trim(measured) + (met ? " met" : " MISSED"));
    }
  }

  private static final Pattern TARGET =
      Pattern.compile("\\s*([A-Za-z]+)\\s*(>=|<=)\\s*([0-9]*\\.?[0-9]+)\\s*");

  private final List<String[]> targets;

  private QualityTargets(List<String[]> targets) {
    this.targets = targets;
  }

  /** Parses {@code accuracy>=0.92,ece<=0.03}; an unknown figure or a bad form is a usage error. */
  static QualityTargets parse(String text) {
    List<String[]> targets = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return new QualityTargets(targets);
    }
    for (String part : text.split(",")) {
      Matcher m = TARGET.matcher(part);
      if (!m.matches() || !FIGURES.contains(m.group(1))) {
        throw new EvalException(
            "--expect: '"
                + part.strip()
                + "' is not FIGURE>=VALUE or FIGURE<=VALUE with FIGURE one of "
                + String.join(", ", FIGURES),
            EvalException.USAGE);
      }
      targets.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return new QualityTargets(targets);
  }

  static final List<String> FIGURES =
      List.of(
          "accuracy",
          "macroF1",
          "ece",
          "autoPrecision",
          "autoCoverage",
          "thresholdCoverage",
          "thresholdPrecision");

  /** Each target checked against the evaluation's stable JSON figures. */
  List<Check> check(Map<String, Object> report) {
    Map<String, Double> figures = figures(report);
    List<Check> checks = new ArrayList<>();
    for (String[] t : targets) {
      double target = Double.parseDouble(t[2]);
      Double measured = figures.get(t[0]);
      boolean met =
          measured != null && (t[1].equals(">=") ? measured >= target : measured <= target);
      checks.add(new Check(t[0], t[1], target, measured, met));
    }
    return checks;
  }

  /** The figures targets can name, from the evaluation's stable JSON shape. */
  @SuppressWarnings("unchecked")
  static Map<String, Double> figures(Map<String, Object> report) {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("accuracy", number(report.get("accuracy")));
    figures.put("macroF1", number(report.get("macroF1")));
    figures.put("ece", number(report.get("ece")));
    double records = number(report.get("records")) == null ? 0 : number(report.get("records"));
    double acted = 0;
    double right = 0;
    for (Map<String, Object> action : (List<Map<String, Object>>) report.get("autoActions")) {
      Double n = number(action.get("records"));
      Double precision = number(action.get("precision"));
      if (n != null && n > 0 && precision != null) {
        acted += n;
        right += n * precision;
      }
    }
    figures.put("autoPrecision", acted == 0 ? null : right / acted);
    figures.put("autoCoverage", records == 0 ? null : acted / records);
    Map<String, Object> threshold = (Map<String, Object>) report.get("threshold");
    figures.put("thresholdCoverage", threshold == null ? null : number(threshold.get("coverage")));
    figures.put(
        "thresholdPrecision", threshold == null ? null : number(threshold.get("precision")));
    return figures;
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static String trim(double value) {
    return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
