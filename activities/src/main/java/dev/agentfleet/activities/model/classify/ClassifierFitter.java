package dev.agentfleet.activities.model.classify;

import dev.agentfleet.workflows.model.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link CalibratedModel}: logistic regression on the embedding of each normalised example
 * next to its hashed n-grams, then a temperature fitted on out-of-fold logits (stratified k-fold:
 * each example is scored by a model that never saw it), and finally the weights on all examples.
 * Everything is deterministic: fixed fold assignment and a seeded shuffle.
 */
public final class ClassifierFitter {

  private static final int MAX_FOLDS = 5;

  /** Above this many examples three folds give held-out logits enough, at less fitting time. */
  private static final int LARGE = 2000;

  private final EmbeddingCache embeddings;
  private final SoftmaxTrainer.Settings settings;

  public ClassifierFitter(EmbeddingCache embeddings) {
    this(embeddings, SoftmaxTrainer.Settings.DEFAULT);
  }

  ClassifierFitter(EmbeddingCache embeddings, SoftmaxTrainer.Settings settings) {
    this.embeddings = embeddings;
    this.settings = settings;
  }

  /**
   * Fits on the examples whose label is one of {@code labels}; a label without any example is
   * represented by its own name (underscores and dashes read as spaces).
   */
  public CalibratedModel fit(List<String> labels, List<Example> examples) {
    Map<String, Integer> index = new HashMap<>();
    for (String label : labels) {
      index.putIfAbsent(label, index.size());
    }
    List<String> texts = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    int[] perLabel = new int[index.size()];
    for (Example example : examples) {
      Integer y = index.get(example.label());
      if (y != null && example.text() != null) {
        texts.add(example.text());
        ys.add(y);
        perLabel[y]++;
      }
    }
    for (String label : index.keySet()) {
      int y = index.get(label);
      if (perLabel[y] == 0) {
        texts.add(label.replace('_', ' ').replace('-', ' '));
        ys.add(y);
        perLabel[y]++;
      }
    }
    SoftmaxTrainer.Data data = data(texts, ys, index.size());
    int folds = folds(perLabel, texts.size());
    double temperature = 1.0;
    double heldOut = Double.NaN;
    if (folds >= 2) {
      int[] fold = assignFolds(data.y(), index.size(), folds);
      List<double[]> logits = new ArrayList<>();
      List<Integer> truth = new ArrayList<>();
      for (int f = 0; f < folds; f++) {
        List<Integer> in = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < fold.length; i++) {
          (fold[i] == f ? out : in).add(i);
        }
        boolean[] seen = new boolean[index.size()];
        in.forEach(i -> seen[data.y()[i]] = true);
        SoftmaxTrainer.Weights w = SoftmaxTrainer.train(data, toArray(in), settings);
        for (int i : out) {
          if (seen[data.y()[i]]) {
            double[] z = new double[index.size()];
            w.logits(data.dense()[i], data.sparse()[i], z);
            logits.add(z);
            truth.add(data.y()[i]);
          }
        }
      }
      temperature = Temperature.fit(logits, truth);
      heldOut = Temperature.accuracy(logits, truth);
    }
    int[] all = new int[texts.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    SoftmaxTrainer.Weights weights = SoftmaxTrainer.train(data, all, settings);
    Map<String, Integer> vocabulary = new HashMap<>();
    for (String text : data.normalised()) {
      for (String word : text.split(" ")) {
        if (!word.isEmpty()) {
          vocabulary.merge(word, 1, Integer::sum);
        }
      }
    }
    return new CalibratedModel(
        List.copyOf(index.keySet().stream().sorted((a, b) -> index.get(a) - index.get(b)).toList()),
        weights,
        temperature,
        texts.size(),
        folds >= 2 ? folds : 0,
        heldOut,
        Map.copyOf(vocabulary));
  }

  private SoftmaxTrainer.Data data(List<String> texts, List<Integer> ys, int classes) {
    List<String> normalised = texts.stream().map(LexicalFeatures::normalise).toList();
    List<float[]> vectors = embeddings.embedAll(normalised);
    float[][] dense = new float[texts.size()][];
    LexicalFeatures.Sparse[] sparse = new LexicalFeatures.Sparse[texts.size()];
    int[] y = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      dense[i] = Features.dense(vectors.get(i));
      sparse[i] = LexicalFeatures.of(normalised.get(i));
      y[i] = ys.get(i);
    }
    return new SoftmaxTrainer.Data(dense, sparse, y, classes, normalised.toArray(String[]::new));
  }

  /**
   * As many folds as the rarest label with two or more examples allows, at most five (three for a
   * large set).
   */
  static int folds(int[] perLabel, int total) {
    int rarest = Integer.MAX_VALUE;
    for (int count : perLabel) {
      if (count >= 2) {
        rarest = Math.min(rarest, count);
      }
    }
    if (rarest == Integer.MAX_VALUE || total < 2 * perLabel.length) {
      return 0;
    }
    return Math.max(2, Math.min(total > LARGE ? 3 : MAX_FOLDS, rarest));
  }

  /** Stratified: the n-th example of each label goes to fold n mod k. */
  static int[] assignFolds(int[] y, int classes, int folds) {
    int[] next = new int[classes];
    int[] fold = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      fold[i] = next[y[i]]++ % folds;
    }
    return fold;
  }

  private static int[] toArray(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
