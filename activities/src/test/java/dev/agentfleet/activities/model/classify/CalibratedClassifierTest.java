package dev.agentfleet.activities.model.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.activities.model.ModelUnavailableException;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ExamplesFile;
import dev.agentfleet.workflows.playbook.ExampleFiles;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibrated classifier on a real subset of BANKING77 (the first 12 training rows of 8
 * intents), with the real all-MiniLM-L6-v2 model.
 */
class CalibratedClassifierTest {

  private static final List<String> INTENTS =
      List.of(
          "card_arrival",
          "lost_or_stolen_card",
          "exchange_rate",
          "request_refund",
          "change_pin",
          "top_up_failed",
          "terminate_account",
          "atm_support");

  private static List<Example> examples;
  private static String csv;
  private static EmbeddingCache embeddings;

  @BeforeAll
  static void subset() throws Exception {
    Path train = Path.of("..", "agents", "data", "banking77", "train.csv");
    List<Example> all = CalibrationBench.read(train);
    Map<String, List<Example>> byIntent = new LinkedHashMap<>();
    INTENTS.forEach(i -> byIntent.put(i, new ArrayList<>()));
    for (Example e : all) {
      List<Example> rows = byIntent.get(e.label());
      if (rows != null && rows.size() < 12) {
        rows.add(e);
      }
    }
    examples = byIntent.values().stream().flatMap(List::stream).toList();
    StringBuilder file = new StringBuilder("text,category\n");
    examples.forEach(
        e ->
            file.append('"')
                .append(e.text().replace("\"", "\"\""))
                .append("\",")
                .append(e.label())
                .append('\n'));
    csv = file.toString();
    embeddings = new EmbeddingCache(OfflineModelProvider::sharedEmbeddingModel, null);
  }

  private static double[] predict(CalibratedModel model, String text) {
    String normalised = model.prepare(text);
    return model.probabilities(embeddings.embed(normalised), LexicalFeatures.of(normalised));
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      best = p[k] > p[best] ? k : best;
    }
    return best;
  }

  @Test
  void probabilities_sum_to_one_and_a_second_fit_gives_the_same_numbers() {
    CalibratedModel first = new ClassifierFitter(embeddings).fit(INTENTS, examples);
    CalibratedModel second = new ClassifierFitter(embeddings).fit(INTENTS, examples);

    double[] p = predict(first, "my new card still has not arrived");
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(predict(second, "my new card still has not arrived")).containsExactly(p);
    assertThat(first.temperature()).isEqualTo(second.temperature()).isPositive();
    assertThat(first.folds()).isEqualTo(5);
  }

  @Test
  void is_confident_on_clear_requests_and_right_on_noisy_ones() {
    CalibratedModel model = new ClassifierFitter(embeddings).fit(INTENTS, examples);

    double[] lost = predict(model, "Someone stole my card, I think I lost it on the bus");
    double[] close = predict(model, "I want to close my account and delete everything");
    double[] noisy = predict(model, "my crad was stolne yesterday");

    assertThat(model.labels().get(argmax(lost))).isEqualTo("lost_or_stolen_card");
    assertThat(lost[argmax(lost)]).isGreaterThan(0.6);
    assertThat(model.labels().get(argmax(close))).isEqualTo("terminate_account");
    assertThat(close[argmax(close)]).isGreaterThan(0.6);
    assertThat(model.labels().get(argmax(noisy))).isEqualTo("lost_or_stolen_card");
  }

  @Test
  void is_unsure_about_nonsense() {
    CalibratedModel model = new ClassifierFitter(embeddings).fit(INTENTS, examples);

    double[] p = predict(model, "purple giraffes hum quietly beneath the violin");

    assertThat(p[argmax(p)]).isLessThan(0.5);
  }

  @Test
  void a_label_without_examples_is_represented_by_its_name() {
    List<String> labels = new ArrayList<>(INTENTS);
    labels.add("apple_pay_or_google_pay");

    CalibratedModel model = new ClassifierFitter(embeddings).fit(labels, examples);

    assertThat(model.labels()).endsWith("apple_pay_or_google_pay");
    assertThat(model.examples()).isEqualTo(examples.size() + 1);
  }

  @Test
  void a_fit_is_cached_by_content_hash_on_disk_and_loaded_without_embedding_again(@TempDir Path dir)
      throws Exception {
    Path agents = Files.createDirectories(dir.resolve("agents"));
    Files.writeString(agents.resolve("intents.csv"), csv, StandardCharsets.UTF_8);
    String sha = ExampleFiles.sha256(csv.getBytes(StandardCharsets.UTF_8));
    ExamplesFile file = new ExamplesFile("intents.csv", "text", "category", sha);
    Path cache = dir.resolve("cache");
    ClassifierStore.forgetInMemory();
    CountingEmbeddings first = new CountingEmbeddings();
    CalibratedModel fitted =
        new ClassifierStore(() -> first, agents, cache).model(INTENTS, List.of(), file);
    assertThat(first.texts.get()).isBetween(1, examples.size());
    assertThat(Files.list(cache.resolve("models"))).hasSize(1);

    ClassifierStore.forgetInMemory();
    CountingEmbeddings second = new CountingEmbeddings();
    CalibratedModel loaded =
        new ClassifierStore(() -> second, agents, cache).model(INTENTS, List.of(), file);

    assertThat(second.texts.get()).isZero();
    assertThat(loaded.temperature()).isEqualTo(fitted.temperature());
    assertThat(predict(loaded, "where is my card"))
        .containsExactly(predict(fitted, "where is my card"));
  }

  @Test
  void prefit_fits_the_agents_folders_data_file_classifiers_in_the_background(@TempDir Path dir)
      throws Exception {
    Path agents = Files.createDirectories(dir.resolve("agents").resolve("data"));
    Files.writeString(agents.resolve("intents.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(
        agents.getParent().resolve("intents.yaml"),
        """
        name: intents
        steps:
          - id: classify
            kind: model
            tier: small
            task: classify
            prompt: "{{input.text}}"
            labels: [%s]
            examples: {file: data/intents.csv, text: text, label: category}
            output: {type: object, properties: {category: {type: string}}}
            next: done
          - {id: done, kind: end, status: completed}
        """
            .formatted(String.join(", ", INTENTS)));
    Path cache = dir.resolve("cache");
    ClassifierStore.forgetInMemory();

    new ClassifierStore(OfflineModelProvider::sharedEmbeddingModel, agents.getParent(), cache)
        .prefitInBackground();

    Path models = cache.resolve("models");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (!(Files.isDirectory(models)
            && Files.list(models).anyMatch(f -> f.toString().endsWith(".bin")))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(Files.list(models)).anyMatch(f -> f.toString().endsWith(".bin"));
  }

  @Test
  void a_data_file_that_changed_since_the_run_started_is_refused(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("intents.csv"), csv + "new row,card_arrival\n");
    ExamplesFile pinned =
        new ExamplesFile(
            "intents.csv",
            "text",
            "category",
            ExampleFiles.sha256(csv.getBytes(StandardCharsets.UTF_8)));
    ClassifierStore.forgetInMemory(); // a fit of the pinned content would be used as it is
    ClassifierStore store =
        new ClassifierStore(OfflineModelProvider::sharedEmbeddingModel, dir, null);

    assertThatThrownBy(() -> store.model(INTENTS, List.of(), pinned))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("intents.csv changed since the run's definition was loaded");
    assertThatThrownBy(
            () ->
                store.model(
                    INTENTS,
                    List.of(),
                    new ExamplesFile("../escape.csv", "text", "category", null)))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("no examples file ../escape.csv in the agents folder");
  }

  /** The real model, counting the texts it is asked to embed. */
  private static final class CountingEmbeddings implements EmbeddingModel {
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      texts.addAndGet(segments.size());
      return OfflineModelProvider.sharedEmbeddingModel().embedAll(segments);
    }
  }
}
