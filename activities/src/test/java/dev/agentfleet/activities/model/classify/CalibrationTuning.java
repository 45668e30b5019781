package dev.agentfleet.activities.model.classify;

import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.workflows.model.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Chooses the trainer's settings on the training fold alone (the validation fold is never looked
 * at): fold 0 of the three stratified folds is held out, in its own words and as noisy text made
 * the way {@code agents/data/banking77/Folds.java} makes the noisy validation copy, and each
 * setting is fitted on the other two folds.
 */
public final class CalibrationTuning {

  private CalibrationTuning() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".");
    List<Example> train = CalibrationBench.read(root.resolve("agents/data/banking77/train.csv"));
    List<String> labels = List.copyOf(new TreeSet<>(train.stream().map(Example::label).toList()));
    Map<String, Integer> index = new HashMap<>();
    labels.forEach(l -> index.put(l, index.size()));
    EmbeddingCache embeddings =
        new EmbeddingCache(
            OfflineModelProvider::sharedEmbeddingModel,
            root.resolve(".fleet/cache/classifier/embeddings"));
    int[] y = train.stream().mapToInt(e -> index.get(e.label())).toArray();
    int[] fold = ClassifierFitter.assignFolds(y, labels.size(), 3);
    List<Integer> fit = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      (fold[i] == 0 ? held : fit).add(i);
    }
    SoftmaxTrainer.Data data =
        data(embeddings, train.stream().map(Example::text).toList(), y, labels.size());
    List<String> noisyTexts = new ArrayList<>();
    for (int n = 0; n < held.size(); n++) {
      noisyTexts.add(noisy(train.get(held.get(n)).text(), new Random(n)));
    }
    SoftmaxTrainer.Data noisy =
        data(embeddings, noisyTexts, held.stream().mapToInt(i -> y[i]).toArray(), labels.size());
    String[] grid = args.length > 0 ? args : new String[] {"12:0.4:1", "20:0.8:1", "20:0.8:3"};
    for (String spec : grid) {
      String[] p = spec.split(":");
      SoftmaxTrainer.Settings settings =
          new SoftmaxTrainer.Settings(
              Integer.parseInt(p[0]),
              Double.parseDouble(p[1]),
              Double.parseDouble(p[2]),
              1e-6,
              p.length > 3 ? Integer.parseInt(p[3]) : 0,
              SoftmaxTrainer.Settings.DEFAULT.seed());
      long started = System.nanoTime();
      SoftmaxTrainer.Weights w =
          SoftmaxTrainer.train(data, fit.stream().mapToInt(Integer::intValue).toArray(), settings);
      int right = 0;
      int rightNoisy = 0;
      double[] z = new double[labels.size()];
      for (int n = 0; n < held.size(); n++) {
        int i = held.get(n);
        w.logits(data.dense()[i], data.sparse()[i], z);
        right += argmax(z) == y[i] ? 1 : 0;
        w.logits(noisy.dense()[n], noisy.sparse()[n], z);
        rightNoisy += argmax(z) == y[i] ? 1 : 0;
      }
      System.out.printf(
          Locale.ROOT,
          "epochs %s lr %s denseRate %s typoCopies %s: held-out accuracy %.4f, noisy %.4f (%.0f s)%n",
          p[0],
          p[1],
          p[2],
          p.length > 3 ? p[3] : "0",
          right / (double) held.size(),
          rightNoisy / (double) held.size(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static SoftmaxTrainer.Data data(
      EmbeddingCache embeddings, List<String> texts, int[] y, int classes) {
    List<String> normalised = texts.stream().map(LexicalFeatures::normalise).toList();
    List<float[]> vectors = embeddings.embedAll(normalised);
    float[][] dense = new float[texts.size()][];
    LexicalFeatures.Sparse[] sparse = new LexicalFeatures.Sparse[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      dense[i] = Features.dense(vectors.get(i));
      sparse[i] = LexicalFeatures.of(normalised.get(i));
    }
    return new SoftmaxTrainer.Data(dense, sparse, y, classes, normalised.toArray(String[]::new));
  }

  private static int argmax(double[] z) {
    int best = 0;
    for (int k = 1; k < z.length; k++) {
      best = z[k] > z[best] ? k : best;
    }
    return best;
  }

  /** The noise of the validation fold's noisy copy: one swapped letter pair in the longest word. */
  static String noisy(String text, Random random) {
    String[] words = LexicalFeatures.normalise(text).split(" ");
    int longest = 0;
    for (int i = 1; i < words.length; i++) {
      longest = words[i].length() > words[longest].length() ? i : longest;
    }
    String word = words[longest];
    if (word.length() <= 3) {
      words[longest] = word.isEmpty() ? word : word + word.charAt(word.length() - 1);
    } else {
      int at = 1 + random.nextInt(word.length() - 2);
      char[] letters = word.toCharArray();
      char swap = letters[at];
      letters[at] = letters[at - 1];
      letters[at - 1] = swap;
      words[longest] = new String(letters);
    }
    return String.join(" ", words);
  }
}
