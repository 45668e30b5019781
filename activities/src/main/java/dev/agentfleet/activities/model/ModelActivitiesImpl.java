package dev.agentfleet.activities.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.cost.CacheKey;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.heartbeat.Heartbeats;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs model steps: picks the configured provider, checks every output (offline ones too) against
 * the step's JSON Schema, and turns failures into the failure types the workflows route on. An
 * output that still breaks its contract fails with a non-retryable {@link #CONTRACT_VIOLATION}; a
 * request that cannot be served as configured fails with a non-retryable {@link
 * #MODEL_UNAVAILABLE}; rate limits, server errors and timeouts fail with a retryable {@link
 * #MODEL_TRANSIENT} so the activity's retry policy applies. Logs carry ids and sizes, never
 * prompts, outputs or keys.
 *
 * <p>Around each call, the {@link CostControls} answer a request seen before from the response
 * cache (at no cost), refuse a call once the agent spent its quota ({@link #QUOTA_EXCEEDED}), and
 * account every call that reached a model, contract violations included, in the ledger and the
 * metrics.
 *
 * <p>Longer than ~300 lines on purpose: the contract check, the repair loop and the mapping of
 * every provider failure to the failure types the workflows route on read best side by side; the
 * providers, the cost controls and the schema checks are their own classes.
 */
public final class ModelActivitiesImpl implements ModelActivities {

  /** Failure type of a provider error that a later attempt may not meet (429, 5xx, timeout). */
  public static final String MODEL_TRANSIENT = "ModelTransient";

  /** How often a running model call tells the server its worker is alive. */
  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(ModelActivitiesImpl.class);
  private static final int VIOLATIONS_IN_MESSAGE = 3;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** The providers whose answers are a function of the request, and so may be cached. */
  private static final Set<String> CACHEABLE = Set.of(ModelConfig.OFFLINE, ModelConfig.OPENAI);

  private final ModelConfig config;
  private final ModelProvider provider;
  private final ContractValidator validator;
  private final List<String> configProblems;
  private final CostControls controls;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Starts building the activities for a configuration: by default they answer through the provider
   * the configuration names (the offline provider, or an OpenAI-compatible endpoint), without cost
   * controls. A configuration with problems does not fail to build; every call then fails with a
   * non-retryable {@link #MODEL_UNAVAILABLE} naming the problems, so the runs can route them.
   */
  public static Builder builder(ModelConfig config) {
    return new Builder(config);
  }

  /**
   * Creates the activities from environment variables, as {@link ModelConfig#fromEnv} reads them.
   */
  public static ModelActivitiesImpl fromEnv(Map<String, String> env) {
    return builder(ModelConfig.fromEnv(env)).build();
  }

  /** What the activities are made of; every part but the configuration has a default. */
  public static final class Builder {

    private final ModelConfig config;
    private ModelProvider provider;
    private CostControls controls = CostControls.none();

    private Builder(ModelConfig config) {
      this.config = Objects.requireNonNull(config, "a model configuration is required");
    }

    /**
     * Answers through this provider instead of the one the configuration names: for tests, custom
     * model registries and simulated latency. The configuration still names the provider and the
     * models in responses and cache keys; its problems are not checked.
     */
    public Builder provider(ModelProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The cost controls around each call: the response cache, the quotas, the ledger's {@code
     * model_calls} table and the metrics. Without them ({@link CostControls#none()}, the default)
     * calls are neither cached, held to quotas nor recorded, only measured.
     */
    public Builder costControls(CostControls controls) {
      this.controls = Objects.requireNonNull(controls, "controls");
      return this;
    }

    public ModelActivitiesImpl build() {
      ContractValidator validator = new ContractValidator();
      if (provider != null) {
        return new ModelActivitiesImpl(config, provider, validator, List.of(), controls);
      }
      List<String> problems = config.problems();
      ModelProvider configured =
          problems.isEmpty() && config.provider().equals(ModelConfig.OPENAI)
              ? OpenAiModelProvider.fromConfig(config, validator)
              : new OfflineModelProvider();
      return new ModelActivitiesImpl(config, configured, validator, problems, controls);
    }
  }

  private ModelActivitiesImpl(
      ModelConfig config,
      ModelProvider provider,
      ContractValidator validator,
      List<String> problems,
      CostControls controls) {
    this.config = config;
    this.provider = provider;
    this.validator = validator;
    this.configProblems = List.copyOf(problems);
    this.controls = controls;
    if (!configProblems.isEmpty()) {
      log.warn("model configuration has problems; model steps will fail: {}", configProblems);
    }
  }

  @Override
  public ModelResponse complete(ModelRequest request) {
    long started = System.nanoTime();
    try {
      checkServable(request);
      String cacheKey =
          controls.caching() && CACHEABLE.contains(config.provider())
              ? CacheKey.of(config.provider(), config.modelFor(request.tier()), request)
              : null;
      Optional<Map<String, Object>> cached =
          cacheKey == null ? Optional.empty() : controls.cached(cacheKey);
      if (cached.isPresent()) {
        return cacheHit(request, cacheKey, cached.get(), started);
      }
      controls.checkQuota(request);
      ProviderResult result;
      try (Heartbeats beating = Heartbeats.start(HEARTBEAT_EVERY)) {
        result = provider.complete(request);
      }
      List<String> violations = violations(request, result);
      if (!violations.isEmpty()) {
        controls.account(request, spent(result, millisSince(started)));
        throw contractViolation(request, result, violations);
      }
      long latency = millisSince(started);
      log.info(
          "model step done: agent={} step={} task={} tier={} provider={} model={} repairs={}"
              + " inputTokens={} outputTokens={} promptChars={} latencyMs={}",
          request.agent(),
          request.stepId(),
          request.task(),
          request.tier(),
          result.provider(),
          result.model(),
          result.repairs(),
          result.inputTokens(),
          result.outputTokens(),
          request.prompt() == null ? 0 : request.prompt().length(),
          latency);
      ModelResponse response =
          new ModelResponse(
              mapper.convertValue(result.output(), MAP),
              result.provider(),
              result.model(),
              result.inputTokens(),
              result.outputTokens(),
              result.costUsd(),
              result.repairs(),
              latency);
      controls.settle(request, response, cacheKey);
      return response;
    } catch (ApplicationFailure failure) {
      throw failure;
    } catch (ModelUnavailableException e) {
      log.warn(
          "model step unavailable: step={} tier={}: {}",
          request.stepId(),
          request.tier(),
          e.getMessage());
      throw ApplicationFailure.newNonRetryableFailure(
          where(request) + ": " + e.getMessage(), MODEL_UNAVAILABLE);
    } catch (RuntimeException e) {
      throw providerFailure(request, e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  /** Answers from the cache: the output that passed this very contract before, at no cost. */
  private ModelResponse cacheHit(
      ModelRequest request, String cacheKey, Map<String, Object> output, long started) {
    ModelResponse response =
        new ModelResponse(
            output,
            config.provider(),
            config.modelFor(request.tier()),
            0,
            0,
            0.0,
            0,
            millisSince(started),
            true);
    controls.settle(request, response, cacheKey);
    log.info(
        "model step answered from cache: agent={} step={} task={} tier={} latencyMs={}",
        request.agent(),
        request.stepId(),
        request.task(),
        request.tier(),
        response.latencyMillis());
    return response;
  }

  /** What a call that produced no usable output still cost, for the account. */
  private static ModelResponse spent(ProviderResult result, long latency) {
    return new ModelResponse(
        Map.of(),
        result.provider(),
        result.model(),
        result.inputTokens(),
        result.outputTokens(),
        result.costUsd(),
        result.repairs(),
        latency);
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private void checkServable(ModelRequest request) {
    if (!configProblems.isEmpty()) {
      throw new ModelUnavailableException(
          "the model configuration is not usable: " + String.join("; ", configProblems));
    }
    if (request.task() == null) {
      throw new ModelUnavailableException("the request names no task (classify, extract, draft)");
    }
    config.modelFor(request.tier());
  }

  private List<String> violations(ModelRequest request, ProviderResult result) {
    JsonNode output = result.output();
    if (output == null) {
      return result.problems().isEmpty() ? List.of("$: no output") : result.problems();
    }
    if (!output.isObject()) {
      return List.of("$: the output must be a JSON object");
    }
    return validator.validate(request.outputSchema(), output);
  }

  private static ApplicationFailure contractViolation(
      ModelRequest request, ProviderResult result, List<String> violations) {
    String shown =
        String.join(
            "; ", violations.subList(0, Math.min(VIOLATIONS_IN_MESSAGE, violations.size())));
    String more =
        violations.size() > VIOLATIONS_IN_MESSAGE
            ? " (+" + (violations.size() - VIOLATIONS_IN_MESSAGE) + " more)"
            : "";
    log.warn(
        "model output broke its contract: agent={} step={} tier={} provider={} repairs={} violations={}",
        request.agent(),
        request.stepId(),
        request.tier(),
        result.provider(),
        result.repairs(),
        violations.size());
    return ApplicationFailure.newNonRetryableFailure(
        where(request)
            + ": output of "
            + result.provider()
            + "/"
            + result.model()
            + " broke its contract after "
            + result.repairs()
            + " repair(s): "
            + shown
            + more,
        CONTRACT_VIOLATION,
        violations);
  }

  /**
   * Sorts a provider exception into retryable or not; messages carry status codes, not response
   * bodies. An exception that is neither an HTTP, I/O nor LangChain4j error is rethrown as it is,
   * which Temporal retries.
   */
  private static RuntimeException providerFailure(
      ModelRequest request, RuntimeException e, long ms) {
    Optional<Boolean> retryable = ProviderErrors.retryable(e);
    if (retryable.isEmpty()) {
      log.warn(
          "model step failed unexpectedly: step={} tier={} error={} latencyMs={}",
          request.stepId(),
          request.tier(),
          e.getClass().getName(),
          ms);
      return e;
    }
    String what = ProviderErrors.describe(e);
    log.warn(
        "model call failed: agent={} step={} tier={} error={} retryable={} latencyMs={}",
        request.agent(),
        request.stepId(),
        request.tier(),
        what,
        retryable.get(),
        ms);
    if (retryable.get()) {
      return ProviderErrors.transientFailure(
          where(request) + ": the model call failed transiently with " + what + "; it is retried",
          MODEL_TRANSIENT,
          e);
    }
    return ApplicationFailure.newNonRetryableFailure(
        where(request)
            + ": the model provider refused the call with "
            + what
            + "; check the model name, the key and the endpoint",
        MODEL_UNAVAILABLE);
  }

  private static String where(ModelRequest request) {
    return "model step "
        + request.agent()
        + "/"
        + request.stepId()
        + " (tier "
        + request.tier()
        + ")";
  }
}
