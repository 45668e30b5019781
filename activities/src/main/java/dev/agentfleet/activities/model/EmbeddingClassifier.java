package dev.agentfleet.activities.model;

import dev.agentfleet.activities.model.classify.CalibratedModel;
import dev.agentfleet.activities.model.classify.ClassifierStore;
import dev.agentfleet.activities.model.classify.LexicalFeatures;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ExamplesFile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies text with a calibrated probability: multinomial logistic regression over the
 * all-MiniLM-L6-v2 embedding of the normalised text and its hashed character n-grams, its logits
 * divided by a temperature fitted on out-of-fold logits (see {@link
 * dev.agentfleet.activities.model.classify.ClassifierFitter}). The confidence is the probability of
 * the chosen label, so a rule {@code confidence >= 0.9} acts on texts that are right about nine
 * times in ten or more. Fitted once per labels-and-examples content hash by the {@link
 * ClassifierStore}; a call afterwards embeds one text and takes a few dot products.
 */
final class EmbeddingClassifier {

  /** The classifier's answer. */
  record Verdict(String label, double confidence, List<String> reasons) {}

  private final ClassifierStore store;

  EmbeddingClassifier(ClassifierStore store) {
    this.store = store;
  }

  /**
   * Picks one of {@code labels} for {@code text}. A label without examples is represented by its
   * own name. Labels default to the inline examples' labels when the step lists none.
   */
  Verdict classify(String text, List<String> labels, List<Example> examples, ExamplesFile file) {
    Set<String> labelSet = new LinkedHashSet<>(labels);
    if (labelSet.isEmpty()) {
      examples.forEach(e -> labelSet.add(e.label()));
    }
    if (labelSet.isEmpty()) {
      throw new ModelUnavailableException("a classify step needs labels or labelled examples");
    }
    List<String> ordered = List.copyOf(labelSet);
    CalibratedModel model = store.model(ordered, file == null ? examples : List.of(), file);
    String normalised = model.prepare(text);
    double[] p =
        model.probabilities(store.embeddings().embed(normalised), LexicalFeatures.of(normalised));
    int best = 0;
    int second = -1;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        second = best;
        best = k;
      } else if (second < 0 || p[k] > p[second]) {
        second = k;
      }
    }
    double confidence = Math.round(p[best] * 10_000) / 10_000.0;
    return new Verdict(model.labels().get(best), confidence, reasons(model, p, best, second));
  }

  private static List<String> reasons(CalibratedModel model, double[] p, int best, int second) {
    List<String> reasons = new ArrayList<>();
    reasons.add(
        String.format(
            Locale.ROOT, "calibrated probability %.4f for %s", p[best], model.labels().get(best)));
    if (second >= 0) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "runner-up %s with probability %.4f",
              model.labels().get(second),
              p[second]));
    }
    reasons.add(
        model.folds() > 0
            ? String.format(
                Locale.ROOT,
                "offline classifier: logistic regression on all-MiniLM-L6-v2 embeddings and"
                    + " character n-grams, %d examples, temperature %.2f fitted on %d-fold"
                    + " held-out logits (held-out accuracy %.2f)",
                model.examples(),
                model.temperature(),
                model.folds(),
                model.heldOutAccuracy())
            : String.format(
                Locale.ROOT,
                "offline classifier: logistic regression on all-MiniLM-L6-v2 embeddings and"
                    + " character n-grams, %d examples, too few to calibrate (temperature 1)",
                model.examples()));
    return reasons;
  }
}
