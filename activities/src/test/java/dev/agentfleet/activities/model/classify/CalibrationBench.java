package dev.agentfleet.activities.model.classify;

import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.playbook.ExamplesTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The measurement harness for the offline classifier on BANKING77: fits on the training fold and
 * prints accuracy, macro-F1, ECE (15 equal-width bins) and the confidence threshold reaching 99%
 * precision with its coverage, on the clean validation fold and on its noisy copy (where the
 * threshold chosen on the clean fold is applied); {@code -Dthreshold=T} also prints both at T. Not
 * a unit test: it embeds ~12,000 texts the first time (cached under {@code .fleet/cache/} after).
 * From the repository root:
 *
 * <pre>
 * ./mvnw -B -q -o -Dspotless.check.skip=true -pl activities -am test-compile \
 *     dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Dthreshold=0.947 -cp activities/target/test-classes:activities/target/classes:\
 * workflows/target/classes:blobstore/target/classes:$(cat /tmp/cp.txt) \
 *     dev.agentfleet.activities.model.classify.CalibrationBench .
 * </pre>
 */
public final class CalibrationBench {

  private CalibrationBench() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Path cache = root.resolve(".fleet/cache/classifier");
    List<Example> train = read(root.resolve("agents/data/banking77/train.csv"));
    List<Example> clean = read(root.resolve("examples/banking77-validation.csv"));
    List<Example> noisy = read(root.resolve("examples/banking77-validation-noisy.csv"));
    Set<String> labelSet = new TreeSet<>();
    train.forEach(e -> labelSet.add(e.label()));
    List<String> labels = List.copyOf(labelSet);
    EmbeddingCache embeddings =
        new EmbeddingCache(OfflineModelProvider::sharedEmbeddingModel, cache.resolve("embeddings"));
    long t0 = System.nanoTime();
    List<String> warm = new ArrayList<>();
    for (List<Example> set : List.of(train, clean, noisy)) {
      set.forEach(e -> warm.add(LexicalFeatures.normalise(e.text())));
    }
    embeddings.embedAll(warm);
    long t1 = System.nanoTime();
    System.out.printf(Locale.ROOT, "embedding (cache warm-up): %.1f s%n", (t1 - t0) / 1e9);
    SoftmaxTrainer.Settings settings = SoftmaxTrainer.Settings.DEFAULT;
    String override =
        System.getProperty("settings"); // epochs:rate:denseRate:typoCopies, to compare
    if (override != null) {
      String[] p = override.split(":");
      settings =
          new SoftmaxTrainer.Settings(
              Integer.parseInt(p[0]),
              Double.parseDouble(p[1]),
              Double.parseDouble(p[2]),
              settings.l2(),
              Integer.parseInt(p[3]),
              settings.seed());
    }
    System.out.println("settings: " + settings);
    CalibratedModel model = new ClassifierFitter(embeddings, settings).fit(labels, train);
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "fit on %d examples, %d labels: %.1f s (embeddings cached), temperature %.3f,"
            + " %d-fold held-out accuracy %.4f%n",
        model.examples(),
        labels.size(),
        (t2 - t1) / 1e9,
        model.temperature(),
        model.folds(),
        model.heldOutAccuracy());
    Scores cleanScores = Scores.of(model, embeddings, clean);
    double threshold = cleanScores.thresholdFor(0.99);
    cleanScores.print("validation (clean)", threshold);
    Scores noisyScores = Scores.of(model, embeddings, noisy);
    noisyScores.print("validation (noisy)", threshold);
    String fixed = System.getProperty("threshold"); // the threshold a playbook uses, to check it
    if (fixed != null) {
      cleanScores.print("validation (clean)", Double.parseDouble(fixed));
      noisyScores.print("validation (noisy)", Double.parseDouble(fixed));
    }
    long t3 = System.nanoTime();
    int calls = 200;
    for (int i = 0; i < calls; i++) {
      String text = "my card hasnt arrived yet after " + i + " days";
      String norm = model.prepare(text);
      model.probabilities(embeddings.embed(norm), LexicalFeatures.of(norm));
    }
    System.out.printf(
        Locale.ROOT,
        "per call (uncached text, embedding included): %.1f ms%n",
        (System.nanoTime() - t3) / 1e6 / calls);
    String norm = model.prepare("my card hasnt arrived yet");
    float[] vector = embeddings.embed(norm);
    long t4 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      String prepared = model.prepare("my card hasnt arrived yet");
      model.probabilities(vector, LexicalFeatures.of(prepared));
    }
    System.out.printf(
        Locale.ROOT,
        "per call without the embedding (spelling, n-grams, logits, softmax): %.2f ms%n",
        (System.nanoTime() - t4) / 1e6 / calls);
  }

  static List<Example> read(Path file) throws IOException {
    ExamplesTable.Result result =
        ExamplesTable.parse(
            Files.readString(file, StandardCharsets.UTF_8),
            file.toString(),
            "text",
            "category",
            Set.of());
    if (!result.problems().isEmpty()) {
      throw new IllegalStateException(String.join("\n", result.problems()));
    }
    return result.examples();
  }
}
