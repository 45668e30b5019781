package dev.agentfleet.activities.cost;

import static dev.agentfleet.activities.cost.ResponseCacheTest.ANSWER;
import static dev.agentfleet.activities.cost.ResponseCacheTest.classify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache, the accounting and the quota on PostgreSQL, as compose runs the fleet. */
class PostgresCostTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  @Test
  void caches_accounts_and_enforces_the_quota_on_postgresql() {
    ModelConfig config = ModelConfig.offline();
    ScriptedProvider provider = new ScriptedProvider(config, 1_000, 500, ANSWER);
    MutableClock clock = new MutableClock(Instant.parse("2025-06-01T09:00:00Z"));
    try (Ledger ledger =
        new Ledger(
            new LedgerLocation(postgres.newDatabase(), postgres.user(), postgres.password()))) {
      Quotas quotas = Quotas.of(Map.of("support-triage", new Quota(0.0008, Duration.ofDays(1))));
      ModelActivitiesImpl model =
          ModelActivitiesImpl.builder(config)
              .provider(provider)
              .costControls(
                  CostControls.over(ledger, true, quotas, new SimpleMeterRegistry(), clock))
              .build();

      ModelResponse paid = model.complete(classify("support-triage/T-1", "refund my order"));
      ModelResponse retried = model.complete(classify("support-triage/T-1", "refund my order"));
      ModelResponse other = model.complete(classify("support-triage/T-2", "refund my order"));
      model.complete(classify("support-triage/T-3", "where is my parcel"));
      ApplicationFailure refused =
          catchThrowableOfType(
              ApplicationFailure.class,
              () -> model.complete(classify("support-triage/T-4", "my app crashes")));

      assertThat(paid.cacheHit()).isFalse();
      assertThat(retried.cacheHit()).isTrue();
      assertThat(other.cacheHit()).isTrue();
      assertThat(provider.calls()).isEqualTo(2);
      assertThat(refused.getType()).isEqualTo(ModelActivities.QUOTA_EXCEEDED);
      assertThat(LedgerRows.count(ledger, "model_calls")).isEqualTo(3);
      assertThat(
              LedgerRows.value(
                  ledger,
                  "SELECT cache_hit FROM model_calls WHERE idempotency_key = ?",
                  "support-triage/T-1/classify"))
          .isEqualTo("0");
      assertThat(
              Double.parseDouble(LedgerRows.value(ledger, "SELECT SUM(cost_usd) FROM model_calls")))
          .isCloseTo(2 * provider.costPerCall("small"), within(1e-12));
      assertThat(LedgerRows.value(ledger, "SELECT SUM(hits) FROM model_cache")).isEqualTo("2");
    }
  }
}
