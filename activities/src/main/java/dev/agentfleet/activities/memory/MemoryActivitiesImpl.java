package dev.agentfleet.activities.memory;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerJson;
import dev.agentfleet.workflows.memory.MemoryActivities;
import dev.agentfleet.workflows.memory.RecallRequest;
import dev.agentfleet.workflows.memory.Recollection;
import dev.agentfleet.workflows.memory.RememberRequest;
import dev.agentfleet.workflows.memory.Remembered;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short-term vector memory in the ledger database: each remembered case is stored with its
 * all-MiniLM-L6-v2 embedding (the offline provider's in-process model, shared with it), and a
 * recall compares the query's embedding with every unexpired case of the agent and namespace (brute
 * force: at the per-namespace cap this takes milliseconds; on PostgreSQL, pgvector is the upgrade
 * path when that stops being true). Logs carry ids, sizes and counts, never the text.
 */
public final class MemoryActivitiesImpl implements MemoryActivities {

  /** Failure type of a request that cannot be served as it is; retrying does not help. */
  public static final String INVALID_MEMORY_REQUEST = "InvalidMemoryRequest";

  /** The name stored with each vector; vectors of another model are never compared with these. */
  public static final String EMBEDDING_MODEL = "all-minilm-l6-v2";

  /** The longest time to live a case may have; longer ones are cut to it. */
  public static final Duration MAX_TTL = Duration.ofDays(3650);

  private static final Logger log = LoggerFactory.getLogger(MemoryActivitiesImpl.class);

  private final MemoryStore store;
  private final Supplier<EmbeddingModel> model;
  private final MemoryConfig config;
  private final Clock clock;

  /**
   * Creates the memory over a ledger and an embedding model.
   *
   * @param model supplies the embedding model on first use; pass the offline provider's shared
   *     instance so the worker loads the model once
   */
  public MemoryActivitiesImpl(Ledger ledger, Supplier<EmbeddingModel> model, MemoryConfig config) {
    this(ledger, model, config, Clock.systemUTC());
  }

  /** Creates the memory with its own clock, so tests can move time instead of waiting. */
  public MemoryActivitiesImpl(
      Ledger ledger, Supplier<EmbeddingModel> model, MemoryConfig config, Clock clock) {
    this.store = new MemoryStore(ledger);
    this.model = model;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public List<Recollection> recall(RecallRequest request) {
    require(request.agent(), "agent");
    require(request.namespace(), "namespace");
    require(request.text(), "text");
    if (request.k() < 1) {
      throw invalid("k must be at least 1, got " + request.k());
    }
    Embedding query = embed(request.text());
    List<MemoryStore.Stored> rows =
        store.unexpired(request.agent(), request.namespace(), EMBEDDING_MODEL, clock.instant());
    List<Recollection> found = new ArrayList<>();
    for (MemoryStore.Stored row : rows) {
      if (row.embedding().length != query.dimension()) {
        continue;
      }
      double similarity = CosineSimilarity.between(query, Embedding.from(row.embedding()));
      if (similarity >= request.minSimilarity()) {
        found.add(
            new Recollection(
                row.text(),
                LedgerJson.readMap(row.outcomeJson()),
                Math.round(similarity * 10_000) / 10_000.0,
                row.createdAt().toEpochMilli()));
      }
    }
    found.sort(
        Comparator.comparingDouble(Recollection::similarity)
            .reversed()
            .thenComparing(Comparator.comparingLong(Recollection::at).reversed()));
    List<Recollection> top = List.copyOf(found.subList(0, Math.min(request.k(), found.size())));
    log.info(
        "memory recall: agent={} namespace={} compared={} matched={} returned={}",
        request.agent(),
        request.namespace(),
        rows.size(),
        found.size(),
        top.size());
    return top;
  }

  @Override
  public Remembered remember(RememberRequest request) {
    require(request.idempotencyKey(), "idempotencyKey");
    require(request.agent(), "agent");
    require(request.namespace(), "namespace");
    require(request.text(), "text");
    if (request.ttl() == null || request.ttl().isNegative() || request.ttl().isZero()) {
      throw invalid("ttl must be a positive duration, got " + request.ttl());
    }
    var existing = store.idFor(request.idempotencyKey());
    if (existing.isPresent()) {
      return new Remembered(existing.get(), true, 0);
    }
    Instant now = clock.instant();
    Duration ttl = request.ttl().compareTo(MAX_TTL) > 0 ? MAX_TTL : request.ttl();
    MemoryStore.Item item =
        new MemoryStore.Item(
            UUID.randomUUID().toString(),
            request.idempotencyKey(),
            request.agent(),
            request.namespace(),
            request.text(),
            sha256(request.text()),
            EMBEDDING_MODEL,
            embed(request.text()).vector(),
            LedgerJson.write(request.outcome()),
            now,
            now.plus(ttl));
    MemoryStore.Written written = store.write(item, config.maxItems());
    log.info(
        "memory remember: agent={} namespace={} item={} duplicate={} evicted={} chars={}",
        request.agent(),
        request.namespace(),
        written.id(),
        written.duplicate(),
        written.evicted(),
        request.text().length());
    return new Remembered(written.id(), written.duplicate(), written.evicted());
  }

  private Embedding embed(String text) {
    return model.get().embed(text).content();
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw invalid(name + " is required");
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "memory request refused: " + message, INVALID_MEMORY_REQUEST);
  }
}
