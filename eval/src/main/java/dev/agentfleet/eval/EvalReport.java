package dev.agentfleet.eval;

import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.Classification;
import dev.agentfleet.quality.Prediction;
import dev.agentfleet.quality.RiskCoverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation's figures, from which the text, JSON and HTML reports are written. {@link #json()}
 * is the stable shape scripts read; the other fields add what a person reading the report needs.
 *
 * @param version the playbook's content hash
 * @param source what was judged: the labelled file, or the decided runs
 * @param mapping how the file's columns became input records; null for decided runs
 * @param autoActions for each route rule that acts without an approval: how often it fired
 * @param skipped the rows or runs left out, with why
 * @param answeredBy the providers and models that answered the judged step (provider/model), the
 *     confidence whose calibration is measured; empty for decided runs
 * @param failed records whose path met a failure (the failures are in the outcomes)
 * @param elapsedMillis how long the evaluation took, reading included
 */
public record EvalReport(
    String agent,
    String version,
    String step,
    String source,
    String mapping,
    Classification classification,
    Calibration calibration,
    RiskCoverage riskCoverage,
    List<AutoActionFigures> autoActions,
    List<LabelledFile.Problem> skipped,
    List<String> answeredBy,
    int failed,
    long elapsedMillis) {

  /** The confusions a report lists at most. */
  public static final int TOP_CONFUSIONS = 10;

  /**
   * One automatic route.
   *
   * @param records the records the rule sent to the action
   * @param precision the share of them the action was right for: the record's true label leads the
   *     rules to the same action (a confusion between two labels the rules treat alike does not
   *     make the action wrong); null when it never fired
   */
  public record AutoActionFigures(String rule, String action, int records, Double precision) {}

  /** Computes every figure over the outcomes. */
  public static EvalReport of(
      String agent,
      String version,
      String step,
      String source,
      String mapping,
      List<Outcome> outcomes,
      List<AutoActionRules.AutoAction> autoActions,
      double targetPrecision,
      List<LabelledFile.Problem> skipped,
      long elapsedMillis) {
    List<Prediction> predictions = outcomes.stream().map(Outcome::prediction).toList();
    List<AutoActionFigures> figures = new ArrayList<>();
    for (AutoActionRules.AutoAction action : autoActions) {
      int fired = 0;
      int right = 0;
      for (Outcome o : outcomes) {
        if (o.fired().contains(action.name())) {
          fired++;
          if (Boolean.TRUE.equals(o.actionWarranted())) {
            right++;
          }
        }
      }
      figures.add(
          new AutoActionFigures(
              action.name(), action.action(), fired, fired == 0 ? null : (double) right / fired));
    }
    int failed = (int) outcomes.stream().filter(o -> !o.errors().isEmpty()).count();
    List<String> answeredBy =
        outcomes.stream()
            .map(Outcome::answeredBy)
            .filter(a -> a != null)
            .distinct()
            .sorted()
            .toList();
    return new EvalReport(
        agent,
        version,
        step,
        source,
        mapping,
        Classification.of(predictions, TOP_CONFUSIONS),
        Calibration.of(predictions),
        RiskCoverage.of(predictions, targetPrecision, RiskCoverage.DEFAULT_POINTS),
        figures,
        List.copyOf(skipped),
        answeredBy,
        failed,
        elapsedMillis);
  }

  /**
   * The stable JSON shape: {@code agent, version, step, records, accuracy, macroF1, ece, labels,
   * confusions, riskCoverage, autoActions, threshold}; a figure that cannot be computed is null.
   */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", agent);
    out.put("version", version);
    out.put("step", step);
    out.put("records", classification.records());
    out.put("accuracy", classification.accuracy());
    out.put("macroF1", classification.macroF1());
    out.put("ece", calibration.ece());
    List<Map<String, Object>> labels = new ArrayList<>();
    for (Classification.LabelFigures l : classification.labels()) {
      labels.add(
          ordered(
              "label", l.label(),
              "precision", l.precision(),
              "recall", l.recall(),
              "support", l.support()));
    }
    out.put("labels", labels);
    List<Map<String, Object>> confusions = new ArrayList<>();
    for (Classification.Confusion c : classification.confusions()) {
      confusions.add(ordered("label", c.label(), "predicted", c.predicted(), "count", c.count()));
    }
    out.put("confusions", confusions);
    List<Map<String, Object>> curve = new ArrayList<>();
    for (RiskCoverage.Point p : riskCoverage.points()) {
      curve.add(
          ordered(
              "threshold", p.threshold(), "coverage", p.coverage(), "precision", p.precision()));
    }
    out.put("riskCoverage", curve);
    List<Map<String, Object>> actions = new ArrayList<>();
    for (AutoActionFigures a : autoActions) {
      actions.add(ordered("rule", a.rule(), "records", a.records(), "precision", a.precision()));
    }
    out.put("autoActions", actions);
    RiskCoverage.Threshold t = riskCoverage.threshold();
    out.put(
        "threshold",
        ordered(
            "targetPrecision", t.targetPrecision(),
            "confidence", t.confidence(),
            "coverage", t.coverage(),
            "precision", t.precision()));
    return out;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
