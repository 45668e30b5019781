package dev.agentfleet.activities.cost;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the model activities do around each call to keep spending governed: answer from the response
 * cache, refuse a call that would go over the agent's quota, and account every answered call in the
 * ledger ({@code model_calls}) and the metrics. Without a ledger there is no cache, no quota and no
 * ledger row, only metrics.
 */
public final class CostControls {

  private final Ledger ledger;
  private final ResponseCache cache;
  private final ModelCalls calls;
  private final Quotas quotas;
  private final ModelMetrics metrics;
  private final Clock clock;

  private CostControls(
      Ledger ledger,
      ResponseCache cache,
      ModelCalls calls,
      Quotas quotas,
      ModelMetrics metrics,
      Clock clock) {
    this.ledger = ledger;
    this.cache = cache;
    this.calls = calls;
    this.quotas = quotas;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Metrics only, in a registry of their own. */
  public static CostControls none() {
    return new CostControls(
        null,
        null,
        null,
        Quotas.none(),
        new ModelMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC());
  }

  /**
   * Controls over a ledger.
   *
   * @param cache whether to answer repeated requests from the response cache
   */
  public static CostControls over(
      Ledger ledger, boolean cache, Quotas quotas, MeterRegistry registry, Clock clock) {
    return new CostControls(
        ledger,
        cache ? new ResponseCache(ledger) : null,
        new ModelCalls(ledger),
        quotas,
        new ModelMetrics(registry),
        clock);
  }

  /** Whether responses are cached. */
  public boolean caching() {
    return cache != null;
  }

  /**
   * The output stored for a cache key; empty on a miss or without a cache. The hit is counted when
   * the answer is settled ({@link #settle}).
   */
  public Optional<Map<String, Object>> cached(String key) {
    return cache == null ? Optional.empty() : cache.lookup(key);
  }

  /**
   * Refuses a call when the agent's model calls in its quota window already cost its quota.
   *
   * @throws ApplicationFailure non-retryable, of type {@link ModelActivities#QUOTA_EXCEEDED}
   */
  public void checkQuota(ModelRequest request) {
    if (calls == null) {
      return;
    }
    Optional<Quota> quota = quotas.forAgent(request.agent());
    if (quota.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    double spent = calls.spentSince(request.agent(), now.minus(quota.get().window()));
    if (spent >= quota.get().usd()) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.format(
              Locale.ROOT,
              "agent %s spent $%.6f on model calls in the last %s, its quota is $%.6f; step %s"
                  + " was not sent to a model (raise %s or config/quotas.yaml, or wait)",
              request.agent(),
              spent,
              quota.get().window(),
              quota.get().usd(),
              request.stepId(),
              Quotas.envName(request.agent())),
          ModelActivities.QUOTA_EXCEEDED);
    }
  }

  /** Accounts an answered call in the ledger (when there is one) and the metrics. */
  public void account(ModelRequest request, ModelResponse response) {
    settle(request, response, null);
  }

  /**
   * Settles a call whose answer passed its contract, in one ledger transaction: accounts it (as
   * {@link #account} does) and, when it has a cache key, stores a fresh output under it or counts
   * the hit of one served from the cache. Either all of it is written or none, so a paid answer is
   * never cached without its row.
   *
   * @param cacheKey the request's {@link CacheKey}; null when the answer is not cacheable
   */
  public void settle(ModelRequest request, ModelResponse response, String cacheKey) {
    ModelCall call = call(request, response);
    if (calls != null) {
      ledger.inTransaction(
          c -> {
            if (cache != null && cacheKey != null) {
              if (response.cacheHit()) {
                cache.countHit(c, cacheKey);
              } else {
                cache.store(c, cacheKey, response.output(), call.at());
              }
            }
            calls.record(c, call);
            return null;
          });
    }
    metrics.record(call);
  }

  private ModelCall call(ModelRequest request, ModelResponse response) {
    return new ModelCall(
        request.idempotencyKey(),
        workflowId(request),
        request.agent(),
        request.stepId(),
        request.tier(),
        response.provider(),
        response.model(),
        response.inputTokens(),
        response.outputTokens(),
        response.costUsd(),
        response.latencyMillis(),
        response.cacheHit(),
        clock.instant());
  }

  /** The run's workflow id: the idempotency key ({@code workflowId/stepId}) without the step. */
  static String workflowId(ModelRequest request) {
    String key = request.idempotencyKey();
    String suffix = "/" + request.stepId();
    return key != null && key.endsWith(suffix)
        ? key.substring(0, key.length() - suffix.length())
        : key;
  }
}
