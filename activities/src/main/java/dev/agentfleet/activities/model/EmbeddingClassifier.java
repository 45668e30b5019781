package dev.agentfleet.activities.model;

import dev.agentfleet.workflows.model.Example;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Classifies text by its nearest labelled examples in embedding space. A label scores the mean
 * cosine similarity of its two nearest examples; the confidence grows with the margin between the
 * best and the second label and shrinks when even the best label is far from the text, so an
 * ambiguous or unfamiliar text is not passed forward as certain.
 */
final class EmbeddingClassifier {

  /** The classifier's answer. */
  record Verdict(String label, double confidence, List<String> reasons) {}

  private record Scored(Example example, double similarity) {}

  private static final int MAX_CACHED = 10_000;
  private static final int NEAREST_PER_LABEL = 2;
  private static final double MARGIN_SCALE = 20.0;
  private static final double UNRELATED_SIMILARITY = 0.15;
  private static final double FAMILIAR_SIMILARITY = 0.40;

  private final Supplier<EmbeddingModel> model;
  private final Map<String, float[]> exampleVectors = new ConcurrentHashMap<>();

  EmbeddingClassifier(Supplier<EmbeddingModel> model) {
    this.model = model;
  }

  /**
   * Picks one of {@code labels} for {@code text}. A label without examples is represented by its
   * own name. Labels default to the examples' labels when the step lists none.
   */
  Verdict classify(String text, List<String> labels, List<Example> examples) {
    Set<String> labelSet = new LinkedHashSet<>(labels);
    if (labelSet.isEmpty()) {
      examples.forEach(e -> labelSet.add(e.label()));
    }
    if (labelSet.isEmpty()) {
      throw new ModelUnavailableException("a classify step needs labels or labelled examples");
    }
    List<Example> usable = new ArrayList<>();
    for (Example example : examples) {
      if (labelSet.contains(example.label()) && example.text() != null) {
        usable.add(example);
      }
    }
    for (String label : labelSet) {
      if (usable.stream().noneMatch(e -> e.label().equals(label))) {
        usable.add(new Example(label, label.replace('_', ' ').replace('-', ' ')));
      }
    }
    float[] query = embed(text);
    Map<String, List<Scored>> byLabel = new LinkedHashMap<>();
    labelSet.forEach(label -> byLabel.put(label, new ArrayList<>()));
    for (Example example : usable) {
      float[] vector = exampleVectors.computeIfAbsent(example.text(), this::embed);
      byLabel.get(example.label()).add(new Scored(example, cosine(query, vector)));
    }
    if (exampleVectors.size() > MAX_CACHED) {
      exampleVectors.clear();
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    byLabel.forEach((label, scored) -> scores.put(label, labelScore(scored)));
    List<String> ranked = new ArrayList<>(scores.keySet());
    ranked.sort(Comparator.comparingDouble(scores::get).reversed());
    String best = ranked.get(0);
    double bestScore = scores.get(best);
    double secondScore = ranked.size() > 1 ? scores.get(ranked.get(1)) : bestScore - 0.2;
    double confidence = confidence(bestScore, secondScore);
    return new Verdict(best, confidence, reasons(byLabel, ranked, scores));
  }

  /** A logistic curve over the margin, damped when the best label is itself not close. */
  static double confidence(double best, double second) {
    double margin = Math.max(0, best - second);
    double fromMargin = 2.0 / (1.0 + Math.exp(-MARGIN_SCALE * margin)) - 1.0;
    double familiarity =
        (best - UNRELATED_SIMILARITY) / (FAMILIAR_SIMILARITY - UNRELATED_SIMILARITY);
    familiarity = Math.min(1.0, Math.max(0.0, familiarity));
    double value = (0.35 + 0.65 * fromMargin) * (0.3 + 0.7 * familiarity);
    return Math.round(Math.min(1.0, Math.max(0.0, value)) * 1000) / 1000.0;
  }

  private static double labelScore(List<Scored> scored) {
    scored.sort(Comparator.comparingDouble(Scored::similarity).reversed());
    int n = Math.min(NEAREST_PER_LABEL, scored.size());
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += scored.get(i).similarity();
    }
    return n == 0 ? 0 : sum / n;
  }

  private static List<String> reasons(
      Map<String, List<Scored>> byLabel, List<String> ranked, Map<String, Double> scores) {
    List<String> reasons = new ArrayList<>();
    String best = ranked.get(0);
    Scored nearest = byLabel.get(best).get(0);
    reasons.add(
        String.format(
            Locale.ROOT,
            "nearest example (%s, similarity %.2f): \"%s\"",
            best,
            nearest.similarity(),
            abbreviate(nearest.example().text())));
    if (ranked.size() > 1) {
      String runnerUp = ranked.get(1);
      reasons.add(
          String.format(
              Locale.ROOT,
              "label score %s %.2f vs runner-up %s %.2f",
              best,
              scores.get(best),
              runnerUp,
              scores.get(runnerUp)));
    }
    reasons.add("offline classifier: all-MiniLM-L6-v2 embeddings, nearest labelled examples");
    return reasons;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 79) + "…";
  }

  private float[] embed(String text) {
    return model.get().embed(text.isBlank() ? "(empty)" : text).content().vector();
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
  }
}
