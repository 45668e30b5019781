package dev.agentfleet.activities.cost;

import static dev.agentfleet.activities.cost.ResponseCacheTest.ANSWER;
import static dev.agentfleet.activities.cost.ResponseCacheTest.classify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-agent quota over a time window, summed from the ledger's {@code model_calls}: each call
 * below costs $0.00045 (1,000 input and 500 output tokens at $0.15 and $0.60 per million), and the
 * agent may spend $0.0008 a day: the second call goes over it, so the third is refused.
 */
class QuotaTest {

  @TempDir Path home;

  private final ModelConfig config = ModelConfig.offline();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T09:00:00Z"));
  private final ScriptedProvider provider = new ScriptedProvider(config, 1_000, 500, ANSWER);
  private Ledger ledger;
  private ModelActivitiesImpl model;

  @BeforeEach
  void openLedger() {
    ledger = new Ledger(Ledger.sqliteUrl(home));
    Quotas quotas = Quotas.of(Map.of("support-triage", new Quota(0.0008, Duration.ofHours(24))));
    model =
        ModelActivitiesImpl.builder(config)
            .provider(provider)
            .costControls(CostControls.over(ledger, true, quotas, new SimpleMeterRegistry(), clock))
            .build();
  }

  @AfterEach
  void closeLedger() {
    ledger.close();
  }

  private ApplicationFailure refused(ModelRequest request) {
    return catchThrowableOfType(ApplicationFailure.class, () -> model.complete(request));
  }

  @Test
  void refuses_a_call_once_the_agent_spent_its_quota_with_a_non_retryable_quota_exceeded() {
    model.complete(classify("support-triage/T-1", "first ticket"));
    clock.advance(Duration.ofHours(1));
    model.complete(classify("support-triage/T-2", "second ticket"));
    clock.advance(Duration.ofHours(1));

    ApplicationFailure failure = refused(classify("support-triage/T-3", "third ticket"));

    assertThat(failure.getType()).isEqualTo(ModelActivities.QUOTA_EXCEEDED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("agent support-triage spent $0.000900")
        .contains("its quota is $0.000800")
        .contains("step classify")
        .contains("FLEET_QUOTA_SUPPORT_TRIAGE");
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(LedgerRows.count(ledger, "model_calls")).isEqualTo(2);
  }

  @Test
  void the_quota_frees_up_as_old_calls_leave_the_window() {
    model.complete(classify("support-triage/T-1", "first ticket"));
    model.complete(classify("support-triage/T-2", "second ticket"));
    assertThat(refused(classify("support-triage/T-3", "third ticket")).getType())
        .isEqualTo(ModelActivities.QUOTA_EXCEEDED);

    clock.advance(Duration.ofHours(24).plusMillis(1));
    ModelResponse later = model.complete(classify("support-triage/T-3", "third ticket"));

    assertThat(later.cacheHit()).isFalse();
    assertThat(provider.calls()).isEqualTo(3);
  }

  @Test
  void another_agent_and_a_repeated_question_still_go_through_when_the_quota_is_spent() {
    model.complete(classify("support-triage/T-1", "first ticket"));
    model.complete(classify("support-triage/T-2", "second ticket"));

    ModelResponse repeated = model.complete(classify("support-triage/T-3", "first ticket"));
    ModelRequest otherAgent = classify("lead-followup/L-1", "new ticket");
    otherAgent =
        new ModelRequest(
            otherAgent.idempotencyKey(),
            "lead-followup",
            otherAgent.stepId(),
            otherAgent.tier(),
            otherAgent.task(),
            otherAgent.prompt(),
            otherAgent.labels(),
            otherAgent.examples(),
            otherAgent.outputSchema(),
            otherAgent.maxRepairs(),
            otherAgent.context());
    ModelResponse other = model.complete(otherAgent);

    assertThat(repeated.cacheHit()).isTrue();
    assertThat(other.cacheHit()).isFalse();
    assertThat(provider.calls()).isEqualTo(3);
  }
}
