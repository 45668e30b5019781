package dev.agentfleet.activities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.activities.cost.MutableClock;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.workflows.memory.RecallRequest;
import dev.agentfleet.workflows.memory.Recollection;
import dev.agentfleet.workflows.memory.RememberRequest;
import dev.agentfleet.workflows.memory.Remembered;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short-term memory's promises with the real all-MiniLM-L6-v2 model on a real database (a
 * SQLite file, a PostgreSQL server: one subclass each): similar cases are found by meaning, expired
 * ones are neither recalled nor kept, and a full namespace evicts its oldest case. Time moves by a
 * settable clock, never by waiting.
 */
abstract class MemoryBehaviourTest {

  private static final String AGENT = "support-triage";
  private static final String NS = "tickets";
  private static final String REFUND_CASE =
      "Blender arrived broken. Customer wants a refund for a broken blender.";
  private static final String SPAM_CASE =
      "You won a free iPhone. Unsolicited prize offer with a link.";
  private static final String TECHNICAL_CASE =
      "App crashes on settings. The app crashes when opening the settings page.";

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
  private Ledger ledger;
  private MemoryActivitiesImpl memory;

  /** Opens a new, empty ledger database. */
  abstract Ledger newLedger(Path dir);

  @BeforeEach
  void open() {
    ledger = newLedger(dir);
    memory = memoryWithCap(100);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private MemoryActivitiesImpl memoryWithCap(int maxItems) {
    return new MemoryActivitiesImpl(
        ledger, OfflineModelProvider::sharedEmbeddingModel, new MemoryConfig(maxItems), clock);
  }

  private Remembered remember(String key, String text, String category, Duration ttl) {
    return memory.remember(
        new RememberRequest(
            key, AGENT, NS, text, Map.of("category", category, "resolution", "done"), ttl));
  }

  private List<Recollection> recall(String text, double minSimilarity) {
    return memory.recall(new RecallRequest(AGENT, NS, text, 3, minSimilarity));
  }

  @Test
  void a_refund_ticket_recalls_the_stored_refund_case_and_not_the_spam_case() {
    remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));
    remember("run-2/remember", SPAM_CASE, "spam", Duration.ofDays(30));
    remember("run-3/remember", TECHNICAL_CASE, "technical", Duration.ofDays(30));

    List<Recollection> found =
        recall("Refund please. My kettle arrived broken, I want my money back.", 0.5);

    assertThat(found)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.text()).isEqualTo(REFUND_CASE);
              assertThat(r.outcome()).containsEntry("category", "refund");
              assertThat(r.similarity()).isGreaterThanOrEqualTo(0.5);
              assertThat(r.at()).isEqualTo(clock.instant().toEpochMilli());
            });
  }

  @Test
  void the_stored_vector_survives_the_round_trip_through_the_database() {
    remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));
    remember("run-2/remember", SPAM_CASE, "spam", Duration.ofDays(30));

    List<Recollection> found = recall(REFUND_CASE, -1.0);

    assertThat(found).extracting(Recollection::text).containsExactly(REFUND_CASE, SPAM_CASE);
    assertThat(found.get(0).similarity()).isCloseTo(1.0, within(1e-4));
    assertThat(found.get(1).similarity()).isLessThan(0.5);
    assertThat(LedgerRows.value(ledger, "SELECT length(embedding) FROM memory_items LIMIT 1"))
        .isEqualTo(String.valueOf(384 * Float.BYTES));
  }

  @Test
  void remembering_the_same_key_twice_stores_one_case() {
    Remembered first = remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));
    Remembered again = remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));

    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.itemId()).isEqualTo(first.itemId());
    assertThat(LedgerRows.count(ledger, "memory_items")).isEqualTo(1);
  }

  @Test
  void an_expired_case_is_not_recalled_and_the_next_write_deletes_it() {
    remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(1));
    assertThat(recall(REFUND_CASE, 0.9)).hasSize(1);

    clock.advance(Duration.ofDays(1).plusSeconds(1));

    assertThat(recall(REFUND_CASE, 0.9)).isEmpty();
    assertThat(LedgerRows.count(ledger, "memory_items")).isEqualTo(1);
    Remembered next = remember("run-2/remember", SPAM_CASE, "spam", Duration.ofDays(1));
    assertThat(next.evicted()).isEqualTo(1);
    assertThat(LedgerRows.value(ledger, "SELECT text FROM memory_items")).isEqualTo(SPAM_CASE);
  }

  @Test
  void a_full_namespace_evicts_its_oldest_case() {
    memory = memoryWithCap(2);
    remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));
    clock.advance(Duration.ofMinutes(1));
    remember("run-2/remember", SPAM_CASE, "spam", Duration.ofDays(30));
    clock.advance(Duration.ofMinutes(1));

    Remembered third = remember("run-3/remember", TECHNICAL_CASE, "technical", Duration.ofDays(30));

    assertThat(third.evicted()).isEqualTo(1);
    assertThat(LedgerRows.count(ledger, "memory_items")).isEqualTo(2);
    assertThat(recall(REFUND_CASE, 0.9)).isEmpty();
    assertThat(recall(SPAM_CASE, 0.9)).extracting(Recollection::text).containsExactly(SPAM_CASE);
    assertThat(recall(TECHNICAL_CASE, 0.9)).hasSize(1);
  }

  @Test
  void the_cap_and_the_search_hold_per_agent_and_namespace() {
    memory = memoryWithCap(1);
    remember("run-1/remember", REFUND_CASE, "refund", Duration.ofDays(30));
    memory.remember(
        new RememberRequest(
            "other-1/remember",
            "lead-followup",
            NS,
            REFUND_CASE,
            Map.of("category", "lead"),
            Duration.ofDays(30)));
    memory.remember(
        new RememberRequest(
            "run-9/remember",
            AGENT,
            "archive",
            REFUND_CASE,
            Map.of("category", "refund"),
            Duration.ofDays(30)));

    assertThat(LedgerRows.count(ledger, "memory_items")).isEqualTo(3);
    assertThat(recall(REFUND_CASE, 0.9))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).containsEntry("category", "refund"));
  }

  @Test
  void a_newer_copy_of_the_same_text_replaces_the_older_one() {
    remember("run-1/remember", REFUND_CASE, "billing", Duration.ofDays(30));
    clock.advance(Duration.ofMinutes(5));

    Remembered newer = remember("run-2/remember", REFUND_CASE, "refund", Duration.ofDays(30));

    assertThat(newer.evicted()).isEqualTo(1);
    assertThat(recall(REFUND_CASE, 0.9))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).containsEntry("category", "refund"));
  }

  @Test
  void a_request_that_cannot_be_served_fails_without_retries() {
    assertThatThrownBy(() -> remember("run-1/remember", "  ", "refund", Duration.ofDays(1)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(MemoryActivitiesImpl.INVALID_MEMORY_REQUEST);
              assertThat(f.getOriginalMessage()).contains("text is required");
            });
    assertThatThrownBy(() -> remember("run-1/remember", REFUND_CASE, "refund", Duration.ZERO))
        .hasMessageContaining("ttl must be a positive duration");
    assertThatThrownBy(() -> memory.recall(new RecallRequest(AGENT, NS, REFUND_CASE, 0, 0.5)))
        .hasMessageContaining("k must be at least 1");
    assertThat(LedgerRows.count(ledger, "memory_items")).isZero();
  }
}
