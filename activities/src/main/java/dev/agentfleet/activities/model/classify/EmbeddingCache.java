package dev.agentfleet.activities.model.classify;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings of texts, by the SHA-256 of the text, in memory and on disk, so fitting the same
 * examples again (another worker start, an evaluation) embeds nothing twice. On disk the cache is a
 * folder of immutable segment files, each written to a temporary name and moved into place, so
 * processes sharing the folder never see a half-written file and never need a lock.
 */
public final class EmbeddingCache {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingCache.class);
  private static final int MAGIC = 0x454d4231;
  private static final int BATCH = 64;

  private final Supplier<EmbeddingModel> model;
  private final Path folder;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private volatile boolean loaded;

  /**
   * @param folder where segments live; null keeps the cache in memory only
   */
  public EmbeddingCache(Supplier<EmbeddingModel> model, Path folder) {
    this.model = model;
    this.folder = folder;
  }

  /** The embedding of one text, embedding it now when it is not cached (not written to disk). */
  public float[] embed(String text) {
    load();
    String key = Hashing.sha256(text);
    float[] cached = vectors.get(key);
    if (cached != null) {
      return cached;
    }
    float[] vector = model.get().embed(text.isBlank() ? "(empty)" : text).content().vector();
    if (vectors.size() < 50_000) {
      vectors.put(key, vector);
    }
    return vector;
  }

  /**
   * The embeddings of many texts, in order; those not yet cached are embedded in batches and
   * written to disk as one new segment.
   */
  public List<float[]> embedAll(List<String> texts) {
    load();
    Map<String, String> missing = new LinkedHashMap<>();
    for (String text : texts) {
      String key = Hashing.sha256(text);
      if (!vectors.containsKey(key)) {
        missing.putIfAbsent(key, text);
      }
    }
    if (!missing.isEmpty()) {
      long started = System.nanoTime();
      Map<String, float[]> fresh = new LinkedHashMap<>();
      List<Map.Entry<String, String>> todo = new ArrayList<>(missing.entrySet());
      for (int from = 0; from < todo.size(); from += BATCH) {
        List<Map.Entry<String, String>> batch =
            todo.subList(from, Math.min(todo.size(), from + BATCH));
        List<TextSegment> segments =
            batch.stream()
                .map(e -> TextSegment.from(e.getValue().isBlank() ? "(empty)" : e.getValue()))
                .toList();
        var embedded = model.get().embedAll(segments).content();
        for (int i = 0; i < batch.size(); i++) {
          fresh.put(batch.get(i).getKey(), embedded.get(i).vector());
        }
      }
      vectors.putAll(fresh);
      log.info(
          "embedded {} texts in {} ms", fresh.size(), (System.nanoTime() - started) / 1_000_000);
      save(fresh);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(vectors.get(Hashing.sha256(text)));
    }
    return out;
  }

  private void load() {
    if (loaded) {
      return;
    }
    synchronized (this) {
      if (loaded) {
        return;
      }
      if (folder != null && Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
            read(file);
          }
        } catch (IOException e) {
          log.warn("embedding cache {} unreadable, embedding again: {}", folder, e.toString());
        }
      }
      loaded = true;
    }
  }

  private void read(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (in.readInt() != MAGIC) {
        return;
      }
      int count = in.readInt();
      int dims = in.readInt();
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        float[] vector = new float[dims];
        for (int d = 0; d < dims; d++) {
          vector[d] = in.readFloat();
        }
        vectors.put(key, vector);
      }
    } catch (IOException e) {
      log.warn("embedding cache segment {} skipped: {}", file, e.toString());
    }
  }

  private void save(Map<String, float[]> fresh) {
    if (folder == null || fresh.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, "segment", ".tmp");
      int dims = fresh.values().iterator().next().length;
      try (OutputStream raw = Files.newOutputStream(temp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeInt(fresh.size());
        out.writeInt(dims);
        for (var entry : fresh.entrySet()) {
          out.writeUTF(entry.getKey());
          for (float v : entry.getValue()) {
            out.writeFloat(v);
          }
        }
      }
      Path target = folder.resolve(Hashing.sha256(String.join(",", fresh.keySet())) + ".seg");
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("embedding cache not written to {}: {}", folder, e.toString());
    }
  }
}
