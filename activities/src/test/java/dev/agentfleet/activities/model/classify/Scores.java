package dev.agentfleet.activities.model.classify;

import dev.agentfleet.workflows.model.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Predictions on a labelled set and the figures the harness prints about them. */
record Scores(List<String> truth, List<String> predicted, double[] confidence) {

  static Scores of(CalibratedModel model, EmbeddingCache embeddings, List<Example> set) {
    List<String> truth = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    double[] confidence = new double[set.size()];
    List<String> normalised = set.stream().map(e -> model.prepare(e.text())).toList();
    List<float[]> vectors = embeddings.embedAll(normalised);
    for (int i = 0; i < set.size(); i++) {
      double[] p = model.probabilities(vectors.get(i), LexicalFeatures.of(normalised.get(i)));
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        if (p[k] > p[best]) {
          best = k;
        }
      }
      truth.add(set.get(i).label());
      predicted.add(model.labels().get(best));
      confidence[i] = p[best];
    }
    return new Scores(truth, predicted, confidence);
  }

  double accuracy() {
    int right = 0;
    for (int i = 0; i < truth.size(); i++) {
      right += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
    }
    return right / (double) truth.size();
  }

  double macroF1() {
    List<String> labels = truth.stream().distinct().sorted().toList();
    double sum = 0;
    for (String label : labels) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < truth.size(); i++) {
        boolean t = truth.get(i).equals(label);
        boolean p = predicted.get(i).equals(label);
        tp += t && p ? 1 : 0;
        fp += !t && p ? 1 : 0;
        fn += t && !p ? 1 : 0;
      }
      sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return sum / labels.size();
  }

  /** Expected calibration error over 15 equal-width confidence bins. */
  double ece() {
    int bins = 15;
    double[] conf = new double[bins];
    double[] right = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < truth.size(); i++) {
      int b = Math.min(bins - 1, (int) (confidence[i] * bins));
      conf[b] += confidence[i];
      right[b] += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(conf[b] - right[b]) / truth.size();
      }
    }
    return ece;
  }

  /**
   * The lowest confidence at which the records at or above it are at least {@code target} right.
   */
  double thresholdFor(double target) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> confidence[i]).reversed());
    int right = 0;
    double best = 1.0;
    for (int n = 0; n < order.size(); n++) {
      int i = order.get(n);
      right += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
      boolean lastOfTie = n + 1 == order.size() || confidence[order.get(n + 1)] < confidence[i];
      if (lastOfTie && right / (double) (n + 1) >= target) {
        best = confidence[i];
      }
    }
    return best;
  }

  void print(String name, double threshold) {
    int covered = 0;
    int right = 0;
    for (int i = 0; i < truth.size(); i++) {
      if (confidence[i] >= threshold) {
        covered++;
        right += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: records %d, accuracy %.4f, macro-F1 %.4f, ECE %.4f; at confidence >= %.4f:"
            + " coverage %.4f, precision %.4f%n",
        name,
        truth.size(),
        accuracy(),
        macroF1(),
        ece(),
        threshold,
        covered / (double) truth.size(),
        covered == 0 ? Double.NaN : right / (double) covered);
  }
}
