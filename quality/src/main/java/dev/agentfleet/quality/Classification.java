package dev.agentfleet.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, per-label precision and recall, macro-F1 and the most confused label pairs. The labels
 * counted are those that occur as a right label or as a proposal; a ratio whose denominator is zero
 * counts as 0 (a label never proposed has precision 0), the convention scikit-learn follows with
 * {@code zero_division=0}. A missing proposal (a failed step) is a miss for its right label and a
 * false positive for no label.
 *
 * @param records how many predictions were judged
 * @param accuracy the share of predictions that were right; null when there were none
 * @param macroF1 the unweighted mean of the labels' F1; null when there were no predictions
 * @param labels each label's figures, sorted by label
 * @param confusions (right label, proposed label) pairs that differ, most frequent first
 */
public record Classification(
    int records,
    Double accuracy,
    Double macroF1,
    List<LabelFigures> labels,
    List<Confusion> confusions) {

  /** The label a missing proposal is shown as among the confusions. */
  public static final String NO_PROPOSAL = "(none)";

  /** One label's figures; F1 is the harmonic mean of precision and recall (0 when both are 0). */
  public record LabelFigures(
      String label, double precision, double recall, double f1, int support) {}

  /** How often records of {@code label} were proposed as {@code predicted}. */
  public record Confusion(String label, String predicted, int count) {}

  /** Computes the figures; at most {@code topConfusions} pairs are kept. */
  public static Classification of(List<Prediction> predictions, int topConfusions) {
    TreeSet<String> labels = new TreeSet<>();
    Map<String, Integer> truePositives = new LinkedHashMap<>();
    Map<String, Integer> proposed = new LinkedHashMap<>();
    Map<String, Integer> support = new LinkedHashMap<>();
    Map<List<String>, Integer> pairs = new LinkedHashMap<>();
    int right = 0;
    for (Prediction p : predictions) {
      labels.add(p.label());
      support.merge(p.label(), 1, Integer::sum);
      if (p.predicted() != null) {
        labels.add(p.predicted());
        proposed.merge(p.predicted(), 1, Integer::sum);
      }
      if (p.correct()) {
        right++;
        truePositives.merge(p.label(), 1, Integer::sum);
      } else {
        String shown = p.predicted() == null ? NO_PROPOSAL : p.predicted();
        pairs.merge(List.of(p.label(), shown), 1, Integer::sum);
      }
    }
    List<LabelFigures> figures = new ArrayList<>();
    double f1Sum = 0;
    for (String label : labels) {
      int tp = truePositives.getOrDefault(label, 0);
      double precision = ratio(tp, proposed.getOrDefault(label, 0));
      double recall = ratio(tp, support.getOrDefault(label, 0));
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      f1Sum += f1;
      figures.add(new LabelFigures(label, precision, recall, f1, support.getOrDefault(label, 0)));
    }
    List<Confusion> confusions = new ArrayList<>();
    pairs.forEach((pair, count) -> confusions.add(new Confusion(pair.get(0), pair.get(1), count)));
    confusions.sort(
        Comparator.comparingInt(Confusion::count)
            .reversed()
            .thenComparing(Confusion::label)
            .thenComparing(Confusion::predicted));
    int n = predictions.size();
    return new Classification(
        n,
        n == 0 ? null : (double) right / n,
        labels.isEmpty() ? null : f1Sum / labels.size(),
        figures,
        List.copyOf(confusions.subList(0, Math.min(topConfusions, confusions.size()))));
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
