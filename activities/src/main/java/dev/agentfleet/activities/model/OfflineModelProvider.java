package dev.agentfleet.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.classify.ClassifierStore;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The provider that needs no network and no key. It classifies with a calibrated logistic
 * regression over the in-process all-MiniLM-L6-v2 embeddings and character n-grams, fitted once on
 * the step's labelled examples (inline or from a data file), extracts fields with patterns chosen
 * by the output schema's property names, drafts replies (or, given a {@code brief}, newsletters)
 * from templates that say they were drafted offline, and "translates" by glossary substitution
 * only, saying so in its output. It costs nothing; its token counts are estimates (four characters
 * a token).
 */
public final class OfflineModelProvider implements ModelProvider {

  /** The provider name in every response. */
  public static final String NAME = "offline";

  static final String EMBEDDING_MODEL = "all-minilm-l6-v2";
  static final String TEMPLATE_MODEL = "templates";
  private static final int SUMMARY_CHARS = 160;

  /**
   * The worker's one all-MiniLM-L6-v2 instance, loaded on first use; the offline provider and the
   * short-term memory share it, so the model is loaded once per process.
   */
  private static final Supplier<EmbeddingModel> SHARED_EMBEDDING_MODEL =
      memoize(OfflineModelProvider::loadEmbeddingModel);

  private final ObjectMapper mapper = new ObjectMapper();
  private final ContractValidator schemas = new ContractValidator();
  private final EmbeddingClassifier classifier;

  /** Creates the provider; the shared embedding model loads on the first classification. */
  public OfflineModelProvider() {
    this(SHARED_EMBEDDING_MODEL);
  }

  /**
   * Starts fitting, in the background, the classifiers of the agents folder's playbooks that take
   * examples from data files ({@link ClassifierStore#prefitInBackground}), when {@code
   * FLEET_CLASSIFIER_PREFIT} is {@code true}; otherwise a classifier is fitted on its first use.
   * Either way the fit happens outside workflow code and is cached by content hash.
   */
  public static void prefitIfAsked(Map<String, String> env) {
    if (Boolean.parseBoolean(env.getOrDefault("FLEET_CLASSIFIER_PREFIT", "false"))) {
      ClassifierStore.fromEnv(SHARED_EMBEDDING_MODEL, env).prefitInBackground();
    }
  }

  /** The process's shared all-MiniLM-L6-v2 instance, loading it on the first call. */
  public static EmbeddingModel sharedEmbeddingModel() {
    return SHARED_EMBEDDING_MODEL.get();
  }

  /** Creates the provider over an embedding model that is already loaded (tests share one). */
  public OfflineModelProvider(EmbeddingModel embeddingModel) {
    this(() -> embeddingModel);
  }

  /**
   * Creates the provider with explicit folders: where the playbooks' example data files are read
   * from, and where fitted classifiers and embeddings are cached (null: in memory only). For
   * in-process callers such as an evaluation, which must find the same fits as the worker.
   */
  public OfflineModelProvider(Path agentsDir, Path cacheDir) {
    this(new ClassifierStore(SHARED_EMBEDDING_MODEL, agentsDir, cacheDir));
  }

  private OfflineModelProvider(Supplier<EmbeddingModel> embeddingModel) {
    this(ClassifierStore.fromEnv(embeddingModel, System.getenv()));
  }

  private OfflineModelProvider(ClassifierStore store) {
    this.classifier = new EmbeddingClassifier(store);
  }

  @Override
  public ProviderResult complete(ModelRequest request) {
    if (request.task() == null) {
      throw new ModelUnavailableException(
          "the request names no task (classify, extract, draft, translate)");
    }
    SchemaShape shape = new SchemaShape(schemas.schemaTree(request.outputSchema()));
    String text = ticketText(request);
    Map<String, Object> values = new LinkedHashMap<>();
    String model = TEMPLATE_MODEL;
    switch (request.task()) {
      case CLASSIFY -> {
        EmbeddingClassifier.Verdict verdict =
            classifier.classify(text, request.labels(), request.examples(), request.examplesFile());
        values.put("category", verdict.label());
        values.put("confidence", verdict.confidence());
        values.put("reasons", verdict.reasons());
        model = EMBEDDING_MODEL;
      }
      case EXTRACT -> {
        for (String name : shape.propertyNames()) {
          Object value = extracted(name, text, request.context());
          if (value != null) {
            values.put(name, value);
          }
        }
      }
      case DRAFT -> {
        if (NewsletterDraft.wanted(request.context())) {
          values.putAll(NewsletterDraft.draft(request.context()));
        } else {
          String category = ReplyTemplates.category(request.context().get("category"));
          values.put("reply", ReplyTemplates.reply(category, request.context()));
          values.put("tone", ReplyTemplates.tone(category));
          String subject = ReplyTemplates.text(request.context(), "subject");
          if (!subject.isEmpty()) {
            values.put("subject", subject.startsWith("Re:") ? subject : "Re: " + subject);
          }
        }
      }
      case TRANSLATE -> values.putAll(GlossarySubstitution.translate(request.context()));
    }
    JsonNode output =
        shape.propertyNames().isEmpty()
            ? mapper.valueToTree(values)
            : shape.fill(name -> valueFor(name, values, request.context()));
    long inputTokens = estimateTokens(request.prompt()) + estimateTokens(text);
    long outputTokens = estimateTokens(output.toString());
    return new ProviderResult(output, NAME, model, inputTokens, outputTokens, 0.0, 0, List.of());
  }

  /** The text the offline methods read: {@code text}, else subject and body, else the prompt. */
  static String ticketText(ModelRequest request) {
    String text = ReplyTemplates.text(request.context(), "text");
    if (text.isEmpty()) {
      text =
          (ReplyTemplates.text(request.context(), "subject")
                  + "\n"
                  + ReplyTemplates.text(request.context(), "body"))
              .strip();
    }
    return text.isEmpty() && request.prompt() != null ? request.prompt() : text;
  }

  private static Object valueFor(String name, Map<String, Object> values, Map<String, Object> ctx) {
    if (values.containsKey(name)) {
      return values.get(name);
    }
    Object alias =
        switch (SchemaShape.normalize(name)) {
          case "label", "class", "intent" -> values.get("category");
          case "score", "probability" -> values.get("confidence");
          case "reason", "rationale", "explanation" -> values.get("reasons");
          case "body", "text", "message", "draft", "response" -> values.get("reply");
          default -> null;
        };
    return alias != null ? alias : ctx.get(name);
  }

  private static Object extracted(String name, String text, Map<String, Object> context) {
    return switch (SchemaShape.normalize(name)) {
      case "orderid", "order", "ordernumber", "orderno", "orderref" ->
          TicketExtractor.orderId(text).orElse(null);
      case "amount", "refundamount", "total", "price", "sum" ->
          TicketExtractor.money(text).map(m -> m.amount().doubleValue()).orElse(null);
      case "currency", "currencycode" -> TicketExtractor.currency(text).orElse(null);
      case "urgency", "priority" -> TicketExtractor.urgency(text);
      case "summary" -> TicketExtractor.summary(text, SUMMARY_CHARS);
      case "customer", "customername", "name" -> {
        String known = ReplyTemplates.text(context, "customer", "customerName");
        yield known.isEmpty()
            ? TicketExtractor.customer(text, emailHint(context)).orElse(null)
            : known;
      }
      case "email", "customeremail" ->
          emailHint(context) != null
              ? emailHint(context)
              : TicketExtractor.email(text).orElse(null);
      default -> null;
    };
  }

  private static String emailHint(Map<String, Object> context) {
    String hint = ReplyTemplates.text(context, "email", "customerEmail", "from");
    return hint.contains("@") ? hint : null;
  }

  /**
   * Loads all-MiniLM-L6-v2 from its jar. The tokenizer library (DJL) phones home for telemetry
   * unless told not to; the offline provider promises no network, so it opts out first.
   */
  static EmbeddingModel loadEmbeddingModel() {
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return new AllMiniLmL6V2EmbeddingModel();
  }

  static long estimateTokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  private static <T> Supplier<T> memoize(Supplier<T> factory) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T current = value;
        if (current == null) {
          synchronized (this) {
            current = value;
            if (current == null) {
              current = factory.get();
              value = current;
            }
          }
        }
        return current;
      }
    };
  }
}
