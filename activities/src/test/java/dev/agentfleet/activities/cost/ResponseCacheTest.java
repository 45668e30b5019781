package dev.agentfleet.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content-addressed response cache and the accounting of every call, on a real SQLite ledger
 * file: the model activities as a worker runs them, over a scripted provider that counts its calls.
 */
class ResponseCacheTest {

  static final String SCHEMA =
      """
      {"type":"object","required":["category","confidence"],"additionalProperties":false,
       "properties":{"category":{"enum":["refund","spam"]},
                     "confidence":{"type":"number","minimum":0,"maximum":1}}}
      """;

  static final String ANSWER = "{\"category\":\"refund\",\"confidence\":0.91}";

  @TempDir Path home;

  private final ModelConfig config = ModelConfig.offline();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T09:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScriptedProvider provider = new ScriptedProvider(config, 1_000, 200, ANSWER);
  private Ledger ledger;

  @BeforeEach
  void openLedger() {
    ledger = new Ledger(Ledger.sqliteUrl(home));
  }

  @AfterEach
  void closeLedger() {
    ledger.close();
  }

  private ModelActivitiesImpl activities(Ledger over, boolean cache) {
    return ModelActivitiesImpl.builder(config)
        .provider(provider)
        .costControls(CostControls.over(over, cache, Quotas.none(), registry, clock))
        .build();
  }

  static ModelRequest classify(String runId, String text) {
    return new ModelRequest(
        runId + "/classify",
        "support-triage",
        "classify",
        "small",
        ModelTask.CLASSIFY,
        "Classify this ticket: " + text,
        List.of("refund", "spam"),
        List.of(),
        SCHEMA,
        1,
        Map.of("text", text));
  }

  private String row(String idempotencyKey, String column) {
    return LedgerRows.value(
        ledger, "SELECT " + column + " FROM model_calls WHERE idempotency_key = ?", idempotencyKey);
  }

  @Test
  void an_identical_request_from_another_run_is_answered_from_the_cache_at_no_cost() {
    ModelActivitiesImpl model = activities(ledger, true);
    double paid = provider.costPerCall("small");

    ModelResponse first = model.complete(classify("support-triage/T-1", "refund my order"));
    ModelResponse second = model.complete(classify("support-triage/T-2", "refund my order"));

    assertThat(provider.calls()).isEqualTo(1);
    assertThat(first.cacheHit()).isFalse();
    assertThat(first.costUsd()).isCloseTo(paid, within(1e-12)).isPositive();
    assertThat(second.cacheHit()).isTrue();
    assertThat(second.costUsd()).isZero();
    assertThat(second.inputTokens() + second.outputTokens()).isZero();
    assertThat(second.output()).isEqualTo(first.output()).containsEntry("category", "refund");

    assertThat(LedgerRows.count(ledger, "model_calls")).isEqualTo(2);
    assertThat(row("support-triage/T-1/classify", "cache_hit")).isEqualTo("0");
    assertThat(Double.parseDouble(row("support-triage/T-1/classify", "cost_usd")))
        .isCloseTo(paid, within(1e-12));
    assertThat(row("support-triage/T-1/classify", "input_tokens")).isEqualTo("1000");
    assertThat(row("support-triage/T-1/classify", "workflow_id")).isEqualTo("support-triage/T-1");
    assertThat(row("support-triage/T-1/classify", "at")).isEqualTo("2025-06-01T09:00:00.000Z");
    assertThat(row("support-triage/T-2/classify", "cache_hit")).isEqualTo("1");
    assertThat(row("support-triage/T-2/classify", "cost_usd")).isIn("0", "0.0");
    assertThat(LedgerRows.value(ledger, "SELECT hits FROM model_cache")).isEqualTo("1");

    assertThat(registry.get("fleet.model.cache.hits").tag("tier", "small").counter().count())
        .isEqualTo(1);
    assertThat(
            registry.get("fleet.model.cost.usd").tag("agent", "support-triage").counter().count())
        .isCloseTo(paid, within(1e-12));
    assertThat(
            registry
                .get("fleet.model.tokens")
                .tags("tier", "small", "direction", "input")
                .counter()
                .count())
        .isEqualTo(1_000);
    assertThat(registry.get("fleet.model.latency").tag("tier", "small").timer().count())
        .isEqualTo(2);
  }

  @Test
  void looking_up_the_cache_waits_for_no_writer_and_a_hit_is_counted_when_it_is_settled()
      throws Exception {
    ModelActivitiesImpl model = activities(ledger, true);
    ModelRequest request = classify("support-triage/T-1", "refund my order");
    model.complete(request);
    String key = CacheKey.of(config.provider(), config.modelFor("small"), request);
    CostControls controls = CostControls.over(ledger, true, Quotas.none(), registry, clock);

    // another process holds the ledger's write lock (its busy timeout is 5 s)
    try (Connection writer = DriverManager.getConnection(Ledger.sqliteUrl(home));
        Statement begin = writer.createStatement()) {
      begin.execute("BEGIN IMMEDIATE");
      long started = System.nanoTime();
      assertThat(controls.cached(key)).isPresent();
      assertThat(controls.cached("no-such-key")).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      begin.execute("ROLLBACK");
    }
    assertThat(LedgerRows.value(ledger, "SELECT hits FROM model_cache")).isEqualTo("0");

    model.complete(classify("support-triage/T-2", "refund my order"));
    assertThat(LedgerRows.value(ledger, "SELECT hits FROM model_cache")).isEqualTo("1");
    assertThat(row("support-triage/T-2/classify", "cache_hit")).isEqualTo("1");
  }

  @Test
  void the_cache_outlives_the_worker_that_filled_it() {
    activities(ledger, true).complete(classify("support-triage/T-1", "refund my order"));
    ledger.close();

    try (Ledger reopened = new Ledger(Ledger.sqliteUrl(home))) {
      ModelResponse again =
          activities(reopened, true).complete(classify("support-triage/T-9", "refund my order"));

      assertThat(again.cacheHit()).isTrue();
      assertThat(provider.calls()).isEqualTo(1);
    }
    ledger = new Ledger(Ledger.sqliteUrl(home));
  }

  @Test
  void a_different_question_is_a_miss() {
    ModelActivitiesImpl model = activities(ledger, true);

    model.complete(classify("support-triage/T-1", "refund my order"));
    ModelResponse other = model.complete(classify("support-triage/T-2", "refund my jacket"));

    assertThat(other.cacheHit()).isFalse();
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(LedgerRows.count(ledger, "model_cache")).isEqualTo(2);
  }

  @Test
  void an_output_that_broke_its_contract_is_never_cached_but_what_it_cost_is_accounted() {
    ModelActivitiesImpl model = activities(ledger, true);
    provider.answering("{\"category\":\"maybe\",\"confidence\":0.5}");

    for (String run : List.of("support-triage/T-1", "support-triage/T-2")) {
      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class, () -> model.complete(classify(run, "refund my order")));
      assertThat(failure.getType()).isEqualTo(ModelActivities.CONTRACT_VIOLATION);
    }

    assertThat(provider.calls()).isEqualTo(2);
    assertThat(LedgerRows.count(ledger, "model_cache")).isZero();
    assertThat(LedgerRows.value(ledger, "SELECT SUM(cost_usd) FROM model_calls"))
        .satisfies(
            sum ->
                assertThat(Double.parseDouble(sum))
                    .isCloseTo(2 * provider.costPerCall("small"), within(1e-12)));
  }

  @Test
  void a_retried_attempt_is_one_row_that_keeps_what_the_first_attempt_paid() {
    ModelActivitiesImpl model = activities(ledger, true);

    ModelResponse first = model.complete(classify("support-triage/T-1", "refund my order"));
    ModelResponse retry = model.complete(classify("support-triage/T-1", "refund my order"));

    assertThat(retry.cacheHit()).isTrue();
    assertThat(LedgerRows.count(ledger, "model_calls")).isEqualTo(1);
    assertThat(row("support-triage/T-1/classify", "cache_hit")).isEqualTo("0");
    assertThat(Double.parseDouble(row("support-triage/T-1/classify", "cost_usd")))
        .isCloseTo(first.costUsd(), within(1e-12));
  }

  @Test
  void with_the_cache_off_every_request_reaches_the_model_and_is_still_accounted() {
    CostConfig off = CostConfig.fromEnv(Map.of("FLEET_MODEL_CACHE", "off"));
    ModelActivitiesImpl model = activities(ledger, off.cache());

    model.complete(classify("support-triage/T-1", "refund my order"));
    ModelResponse second = model.complete(classify("support-triage/T-2", "refund my order"));

    assertThat(off.cache()).isFalse();
    assertThat(CostConfig.fromEnv(Map.of()).cache()).isTrue();
    assertThat(second.cacheHit()).isFalse();
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(LedgerRows.count(ledger, "model_cache")).isZero();
    assertThat(LedgerRows.count(ledger, "model_calls")).isEqualTo(2);
  }
}
