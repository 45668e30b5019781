package dev.agentfleet.activities.model.classify;

import dev.agentfleet.activities.model.ModelUnavailableException;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ExamplesFile;
import dev.agentfleet.workflows.playbook.ExamplesTable;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fitted classifiers of a process, one per content hash: the labels and the examples (inline
 * rows, or a data file's SHA-256 and columns). A fit happens once, on a background thread outside
 * any workflow code, and is kept in memory and on disk ({@code <cache>/models/<hash>.bin}), so
 * another worker start or an evaluation loads it instead of fitting again; the embeddings of the
 * examples are cached by text as well. A data file is read from the agents folder and refused when
 * its content no longer matches the hash the run's definition was pinned to.
 *
 * <p>Longer than ~300 lines on purpose: fitting, the memory and disk caches and the data-file check
 * guard one invariant (a classifier belongs to exactly one content hash) and stay together.
 */
public final class ClassifierStore {

  private static final Logger log = LoggerFactory.getLogger(ClassifierStore.class);

  /** Bumped whenever fitting changes, so no cached fit of an older method is ever loaded. */
  private static final String FORMAT = "calibrated-lr-minilm-ngrams/5";

  private static final int MAX_MODELS = 32;
  private static final Map<String, CompletableFuture<CalibratedModel>> MODELS =
      new ConcurrentHashMap<>();
  private static final ExecutorService FITTER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "classifier-fit");
            thread.setDaemon(true);
            return thread;
          });

  private final List<Path> agentsDirs;
  private final Path cacheDir;
  private final EmbeddingCache embeddings;

  /**
   * @param agentsDir where data files are resolved (the playbooks' folder); null refuses them
   * @param cacheDir where fitted models and embeddings are kept; null keeps them in memory only
   */
  public ClassifierStore(Supplier<EmbeddingModel> model, Path agentsDir, Path cacheDir) {
    this(model, agentsDir == null ? List.of() : List.of(agentsDir), cacheDir);
  }

  /**
   * A store whose data files are resolved in the first of {@code agentsDirs} that holds them (the
   * worker's agents folders, as {@code FLEET_AGENTS_DIR} lists them); none refuses data files.
   */
  public ClassifierStore(Supplier<EmbeddingModel> model, List<Path> agentsDirs, Path cacheDir) {
    this.agentsDirs =
        agentsDirs.stream().map(d -> d.toAbsolutePath().normalize()).distinct().toList();
    this.cacheDir = cacheDir;
    this.embeddings =
        new EmbeddingCache(model, cacheDir == null ? null : cacheDir.resolve("embeddings"));
  }

  /**
   * The folders a worker uses: {@code FLEET_AGENTS_DIR} (else {@code <FLEET_REPO or working
   * directory>/agents}) for data files, and {@code FLEET_CLASSIFIER_CACHE} (else {@code <FLEET_REPO
   * or working directory>/.fleet/cache/classifier}) for fits and embeddings. The cache sits in the
   * repository's {@code .fleet/}, not the fleet home, so every home (tests use their own) shares
   * the fits: they are addressed by content, so sharing is safe.
   */
  public static ClassifierStore fromEnv(Supplier<EmbeddingModel> model, Map<String, String> env) {
    Path repo = Path.of(env.getOrDefault("FLEET_REPO", System.getProperty("user.dir")));
    String agents = env.get("FLEET_AGENTS_DIR");
    String cache = env.get("FLEET_CLASSIFIER_CACHE");
    List<Path> folders =
        agents == null || agents.isBlank()
            ? List.of(repo.resolve("agents"))
            : java.util.Arrays.stream(
                    agents.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator)))
                .filter(f -> !f.isBlank())
                .map(f -> repo.resolve(f.strip()))
                .toList();
    return new ClassifierStore(
        model,
        folders,
        cache == null || cache.isBlank()
            ? repo.resolve(".fleet").resolve("cache").resolve("classifier")
            : repo.resolve(cache));
  }

  /**
   * Fits, on a background thread, the classifiers of every playbook in the agents folder whose
   * classify step takes its examples from a data file, so the first run does not wait for the fit;
   * returns at once. A fit already on disk is only loaded. Problems are logged, never thrown: a
   * playbook that does not parse is refused when it is run, with its own message.
   */
  public void prefitInBackground() {
    if (agentsDirs.stream().noneMatch(Files::isDirectory)) {
      return;
    }
    Thread thread = new Thread(this::prefit, "classifier-prefit");
    thread.setDaemon(true);
    thread.start();
  }

  private void prefit() {
    for (Path agentsDir : agentsDirs) {
      if (Files.isDirectory(agentsDir)) {
        prefit(agentsDir);
      }
    }
  }

  private void prefit(Path agentsDir) {
    try (var files = Files.list(agentsDir)) {
      for (Path playbook : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        var check =
            PlaybookParser.check(
                Files.readString(playbook),
                playbook.getFileName().toString(),
                relative -> Files.readAllBytes(agentsDir.resolve(relative).normalize()));
        if (!check.valid()) {
          continue;
        }
        for (var step : check.playbook().definition().steps()) {
          if (step instanceof ModelStep m && m.examples().file() != null) {
            model(m.labels(), List.of(), m.examples().file());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("classifier prefit stopped: {}", e.toString());
    }
  }

  /** Forgets the fitted models held in memory (the disk cache stays), as a new process would. */
  static void forgetInMemory() {
    MODELS.clear();
  }

  /** The embeddings the models were fitted with; queries go through it too. */
  public EmbeddingCache embeddings() {
    return embeddings;
  }

  /**
   * The fitted model for these labels and examples, fitting it (once) when neither memory nor disk
   * has it. Blocks until it is ready; a caller interrupted while waiting leaves the fit running for
   * the next call.
   *
   * @throws ModelUnavailableException when the data file is missing, unreadable, changed or empty
   */
  public CalibratedModel model(List<String> labels, List<Example> inline, ExamplesFile file) {
    String key;
    Supplier<List<Example>> examples;
    if (file != null) {
      ExamplesFile pinned = file.sha256() != null ? file : file.withSha256(sha(read(file)));
      key = key(labels, "file:" + pinned.sha256() + ":" + pinned.text() + ":" + pinned.label());
      examples = () -> rows(pinned, labels);
    } else {
      StringBuilder rows = new StringBuilder();
      inline.forEach(e -> rows.append(e.label()).append('\t').append(e.text()).append('\n'));
      key = key(labels, "inline:" + Hashing.sha256(rows.toString()));
      examples = () -> inline;
    }
    if (MODELS.size() > MAX_MODELS) {
      MODELS.clear();
    }
    CompletableFuture<CalibratedModel> future =
        MODELS.computeIfAbsent(
            key, k -> CompletableFuture.supplyAsync(() -> loadOrFit(k, labels, examples), FITTER));
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the classifier was being fitted", e);
    } catch (ExecutionException e) {
      MODELS.remove(key, future);
      if (e.getCause() instanceof ModelUnavailableException unavailable) {
        throw unavailable;
      }
      throw new IllegalStateException("fitting the classifier failed: " + e.getCause(), e);
    }
  }

  private CalibratedModel loadOrFit(String key, List<String> labels, Supplier<List<Example>> rows) {
    Path stored = cacheDir == null ? null : cacheDir.resolve("models").resolve(key + ".bin");
    if (stored != null && Files.isRegularFile(stored)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(stored), 1 << 16))) {
        CalibratedModel model = CalibratedModel.read(in);
        log.info("classifier {} loaded from {}", key.substring(0, 12), stored);
        return model;
      } catch (IOException e) {
        log.warn("classifier cache {} unreadable, fitting again: {}", stored, e.toString());
      }
    }
    long started = System.nanoTime();
    List<Example> examples = rows.get();
    CalibratedModel model = new ClassifierFitter(embeddings).fit(labels, examples);
    log.info(
        "classifier {} fitted on {} examples, {} labels in {} ms (temperature {})",
        key.substring(0, 12),
        model.examples(),
        labels.size(),
        (System.nanoTime() - started) / 1_000_000,
        model.temperature());
    if (stored != null) {
      write(stored, model);
    }
    return model;
  }

  private static void write(Path stored, CalibratedModel model) {
    try {
      Files.createDirectories(stored.getParent());
      Path temp = Files.createTempFile(stored.getParent(), "model", ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
        model.write(out);
      }
      try {
        Files.move(temp, stored, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, stored, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("classifier not cached at {}: {}", stored, e.toString());
    }
  }

  private List<Example> rows(ExamplesFile file, List<String> labels) {
    byte[] bytes = read(file);
    String found = sha(bytes);
    if (!found.equals(file.sha256())) {
      throw new ModelUnavailableException(
          "the examples file "
              + file.file()
              + " changed since the run's definition was loaded (expected SHA-256 "
              + file.sha256()
              + ", found "
              + found
              + "); start the run again with the current playbook");
    }
    ExamplesTable.Result table =
        ExamplesTable.parse(
            new String(bytes, StandardCharsets.UTF_8),
            file.file(),
            file.text(),
            file.label(),
            new LinkedHashSet<>(labels));
    if (!table.problems().isEmpty()) {
      log.warn(
          "examples file {}: {} bad rows skipped, first: {}",
          file.file(),
          table.problems().size(),
          table.problems().get(0));
    }
    if (table.examples().isEmpty()) {
      throw new ModelUnavailableException("the examples file " + file.file() + " has no examples");
    }
    return table.examples();
  }

  private byte[] read(ExamplesFile file) {
    if (agentsDirs.isEmpty()) {
      throw new ModelUnavailableException(
          "examples file " + file.file() + ": this provider has no agents folder to read it from");
    }
    Path path =
        agentsDirs.stream()
            .map(dir -> dir.resolve(file.file()).normalize())
            .filter(p -> agentsDirs.stream().anyMatch(p::startsWith) && Files.isRegularFile(p))
            .findFirst()
            .orElseThrow(
                () ->
                    new ModelUnavailableException(
                        "no examples file "
                            + file.file()
                            + " in the agents folders "
                            + agentsDirs
                            + " (set FLEET_AGENTS_DIR to the folder the playbook is in)"));
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new ModelUnavailableException("cannot read examples file " + path + ": " + e, e);
    }
  }

  private static String sha(byte[] bytes) {
    return Hashing.sha256(bytes);
  }

  private static String key(List<String> labels, String examples) {
    return Hashing.sha256(FORMAT + "\n" + String.join("\u0000", labels) + "\n" + examples);
  }
}
