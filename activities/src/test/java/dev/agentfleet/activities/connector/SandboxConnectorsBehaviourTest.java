package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static dev.agentfleet.activities.connector.Actions.RULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox connectors and the fault injection, through {@link ActionActivitiesImpl} as a worker
 * runs them, on each database the ledger runs on. The clock stands at Saturday 2025-03-01 10:00
 * UTC.
 */
abstract class SandboxConnectorsBehaviourTest {

  private Ledger ledger;
  private SandboxFaults faults;
  private final AtomicReference<Double> chance = new AtomicReference<>(0.5);
  private ActionActivitiesImpl actions;

  /** A location of a new, empty database. */
  abstract LedgerLocation newLocation();

  @BeforeEach
  void open() {
    ledger = new Ledger(newLocation());
    faults = new SandboxFaults(ledger, CLOCK, Duration.ZERO, chance::get);
    actions =
        new ActionActivitiesImpl(
            ledger,
            ActionActivitiesImpl.defaultConnectors(ConnectorConfig.defaults(), CLOCK),
            faults,
            CLOCK);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private static ActionRequest request(
      String key, String connector, String operation, Map<String, Object> params) {
    return new ActionRequest(
        key,
        "wf-" + key,
        "rec-" + key,
        "lead-followup",
        "step-" + key,
        connector,
        operation,
        params,
        Attestation.none());
  }

  private ActionResult act(String key, String connector, String op, Map<String, Object> params) {
    return actions.execute(request(key, connector, op, params));
  }

  private ApplicationFailure failure(
      String key, String connector, String op, Map<String, Object> params) {
    return catchThrowableOfType(ApplicationFailure.class, () -> act(key, connector, op, params));
  }

  private long count(String sql, Object... args) {
    return Long.parseLong(LedgerRows.value(ledger, "SELECT COUNT(*) FROM " + sql, args));
  }

  // ---- crm ----

  @Test
  void crm_get_returns_a_seeded_lead_by_email_or_id() {
    ActionResult byEmail =
        act("get-1", "crm", "get", Map.of("email", " Ada@Analytical-Engines.example "));
    ActionResult byId = act("get-2", "crm", "get", Map.of("leadId", "lead_grace"));

    assertThat(byEmail.result())
        .containsEntry("found", true)
        .containsEntry("source", "sandbox")
        .containsEntry("leadId", "lead_ada")
        .containsEntry("name", "Ada Lovelace")
        .containsEntry("company", "Analytical Engines Ltd")
        .containsEntry("title", "CTO")
        .containsEntry("employees", 120)
        .containsEntry("country", "GB")
        .containsEntry("lastContact", "2025-01-15");
    assertThat(byId.result())
        .containsEntry("email", "grace@cobol-systems.example")
        .containsEntry("employees", 850);
    assertThat(
            LedgerRows.value(ledger, "SELECT detail FROM audit_log WHERE step_id = 'step-get-1'"))
        .contains("lead_ada")
        .doesNotContain("Ada Lovelace")
        .doesNotContain("analytical-engines");
  }

  @Test
  void crm_get_makes_up_the_same_record_for_an_unknown_address_and_misses_an_unknown_id() {
    Map<String, Object> first =
        act("gen-1", "crm", "get", Map.of("email", "jane.doe@acme-corp.de")).result();
    Map<String, Object> again =
        act("gen-2", "crm", "get", Map.of("email", "jane.doe@acme-corp.de")).result();
    Map<String, Object> missing = act("gen-3", "crm", "get", Map.of("leadId", "lead_x")).result();

    assertThat(first)
        .containsEntry("source", "generated")
        .containsEntry("name", "Jane Doe")
        .containsEntry("company", "Acme Corp")
        .containsEntry("country", "DE");
    assertThat(first.get("title")).isNotNull();
    assertThat(again).isEqualTo(first);
    assertThat(missing).containsEntry("found", false).containsEntry("leadId", "lead_x");
    assertThat(count("sandbox_crm_leads")).isEqualTo(5);
  }

  @Test
  void crm_update_applies_once_per_key_and_a_retry_does_not_undo_a_later_update() {
    Map<String, Object> title = Map.of("leadId", "lead_alan", "fields", Map.of("title", "CEO"));
    ActionResult first = act("upd-1", "crm", "update", title);
    act("upd-2", "crm", "update", Map.of("leadId", "lead_alan", "title", "Chairman"));
    ActionResult retry = act("upd-1", "crm", "update", title);

    assertThat(first.result())
        .containsEntry("leadId", "lead_alan")
        .containsEntry("title", "CEO")
        .containsEntry("updated", List.of("title"))
        .containsEntry("created", false);
    assertThat((String) first.result().get("updateId")).startsWith("upd_");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(first.result());
    assertThat(
            LedgerRows.value(
                ledger, "SELECT title FROM sandbox_crm_leads WHERE lead_id = ?", "lead_alan"))
        .isEqualTo("Chairman");
    assertThat(count("sandbox_crm_updates WHERE lead_id = ?", "lead_alan")).isEqualTo(2);
  }

  @Test
  void crm_update_of_an_unknown_address_creates_the_lead_and_bad_fields_are_refused() {
    ActionResult created =
        act(
            "new-1",
            "crm",
            "update",
            Map.of("email", "sam@newco.example", "employees", 42, "lastContact", "2025-03-01"));
    ApplicationFailure unknownField =
        failure("new-2", "crm", "update", Map.of("leadId", "lead_ada", "shoeSize", 44));
    ApplicationFailure badNumber =
        failure("new-3", "crm", "update", Map.of("leadId", "lead_ada", "employees", "many"));
    ApplicationFailure unknownLead =
        failure("new-4", "crm", "update", Map.of("leadId", "lead_nobody", "title", "CTO"));

    assertThat(created.result())
        .containsEntry("created", true)
        .containsEntry("name", "Sam")
        .containsEntry("employees", 42)
        .containsEntry("lastContact", "2025-03-01");
    assertThat(count("sandbox_crm_leads WHERE email = ?", "sam@newco.example")).isEqualTo(1);
    assertThat(unknownField.isNonRetryable()).isTrue();
    assertThat(unknownField.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(unknownField.getOriginalMessage())
        .contains("params.shoeSize is not a parameter of crm.update; crm.update takes email,");
    assertThat(badNumber.getOriginalMessage()).contains("employees must be a whole number");
    assertThat(unknownLead.getOriginalMessage()).contains("no lead lead_nobody");
    assertThat(count("sandbox_crm_updates")).isEqualTo(1);
  }

  // ---- calendar ----

  @Test
  void cards_freeze_once_per_key_stays_frozen_and_unfreeze_reverses_it() {
    Map<String, Object> holder = Map.of("customer", "cust-42", "reference", "rec-9");
    ActionResult first = act("frz-1", "cards", "freeze", holder);
    ActionResult retry = act("frz-1", "cards", "freeze", holder);
    ActionResult again = act("frz-2", "cards", "freeze", holder);
    ActionResult unfrozen = act("unf-1", "cards", "unfreeze", holder);

    assertThat(first.result())
        .containsEntry("holder", "cust-42")
        .containsEntry("status", "frozen")
        .containsEntry("changed", true);
    assertThat((String) first.result().get("cardId")).startsWith("card_");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(first.result());
    assertThat(again.result())
        .containsEntry("status", "frozen")
        .containsEntry("changed", false)
        .containsEntry("cardId", first.result().get("cardId"));
    assertThat(unfrozen.result())
        .containsEntry("status", "active")
        .containsEntry("changed", true)
        .containsEntry("cardId", first.result().get("cardId"));
  }

  @Test
  void cards_without_a_customer_freeze_under_the_reference_and_need_one_of_them() {
    ActionResult byReference =
        act("frz-r", "cards", "freeze", Map.of("customer", "", "reference", "rec-7"));
    ApplicationFailure neither = failure("frz-n", "cards", "freeze", Map.of());
    ApplicationFailure unknown = failure("frz-u", "cards", "cancel", Map.of("customer", "c"));

    assertThat(byReference.result())
        .containsEntry("holder", "ref:rec-7")
        .containsEntry("status", "frozen");
    assertThat(neither.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(neither.getOriginalMessage())
        .contains("params.customer or params.reference is required");
    assertThat(unknown.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
  }

  @Test
  void calendar_books_the_next_free_weekday_slot_once_per_key() {
    ActionResult first = act("bk-1", "calendar", "book", Map.of("leadId", "lead_ada"));
    ActionResult second =
        act("bk-2", "calendar", "book", Map.of("email", "x@y.example", "slot", "next available"));
    ActionResult retry = act("bk-1", "calendar", "book", Map.of("leadId", "lead_ada"));

    assertThat(first.result())
        .containsEntry("start", "2025-03-03T09:00:00Z")
        .containsEntry("end", "2025-03-03T09:30:00Z")
        .containsEntry("status", "booked")
        .containsEntry("leadId", "lead_ada");
    assertThat((String) first.result().get("bookingId")).startsWith("bk_");
    assertThat(second.result()).containsEntry("start", "2025-03-03T09:30:00Z");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(first.result());
    assertThat(count("sandbox_bookings")).isEqualTo(2);
  }

  @Test
  void calendar_refuses_a_taken_or_past_slot_and_cancel_frees_it() {
    Map<String, Object> at10 = Map.of("leadId", "lead_ada", "slot", "2025-03-04T10:00:00Z");
    String bookingId = (String) act("s-1", "calendar", "book", at10).result().get("bookingId");

    ApplicationFailure taken = failure("s-2", "calendar", "book", at10);
    ApplicationFailure past =
        failure("s-3", "calendar", "book", Map.of("leadId", "a", "slot", "2025-02-28T10:00"));
    ActionResult cancelled = act("s-4", "calendar", "cancel", Map.of("bookingId", bookingId));
    ActionResult cancelledAgain = act("s-5", "calendar", "cancel", Map.of("bookingId", bookingId));
    ActionResult rebooked = act("s-6", "calendar", "book", at10);

    assertThat(taken.isNonRetryable()).isTrue();
    assertThat(taken.getOriginalMessage()).contains("already booked").contains("slot: next");
    assertThat(past.getOriginalMessage()).contains("in the past");
    assertThat(cancelled.result())
        .containsEntry("bookingId", bookingId)
        .containsEntry("status", "cancelled")
        .containsEntry("alreadyCancelled", false);
    assertThat(cancelledAgain.result()).containsEntry("alreadyCancelled", true);
    assertThat(rebooked.result()).containsEntry("start", "2025-03-04T10:00:00Z");
    assertThat(count("sandbox_bookings WHERE status = 'booked'")).isEqualTo(1);
  }

  // ---- publisher ----

  @Test
  void publisher_publishes_once_per_key_and_unpublish_takes_it_down() {
    Map<String, Object> post =
        Map.of("channel", "Blog", "language", "de", "title", "Größer, schneller!", "body", "Text.");
    ActionResult published = act("pub-1", "publisher", "publish", post);
    ActionResult retry = act("pub-1", "publisher", "publish", post);
    String postId = (String) published.result().get("postId");
    ActionResult down = act("pub-1/compensate", "publisher", "unpublish", Map.of("postId", postId));

    assertThat(published.result())
        .containsEntry("channel", "blog")
        .containsEntry("language", "de")
        .containsEntry("status", "published")
        .containsEntry("publishedAt", "2025-03-01T10:00:00Z");
    assertThat(published.result().get("url"))
        .isEqualTo("https://sandbox.invalid/blog/de/" + published.result().get("postId"));
    assertThat(retry.result()).isEqualTo(published.result());
    assertThat(count("sandbox_posts")).isEqualTo(1);
    assertThat(down.result())
        .containsEntry("postId", postId)
        .containsEntry("status", "unpublished")
        .containsEntry("alreadyUnpublished", false);
    assertThat(LedgerRows.value(ledger, "SELECT status FROM sandbox_posts"))
        .isEqualTo("unpublished");
  }

  @Test
  void publisher_names_the_missing_or_malformed_field() {
    assertThat(
            failure("p-1", "publisher", "publish", Map.of("channel", "blog", "title", "t"))
                .getOriginalMessage())
        .contains("params.body is required");
    assertThat(
            failure(
                    "p-2",
                    "publisher",
                    "publish",
                    Map.of("channel", "my blog", "title", "t", "body", "b"))
                .getOriginalMessage())
        .contains("params.channel must be");
    assertThat(
            failure("p-3", "publisher", "unpublish", Map.of("postId", "post_nope"))
                .getOriginalMessage())
        .contains("no post post_nope");
  }

  // ---- payments ----

  @Test
  void a_refund_is_reversed_once_without_an_attestation() {
    ActionRequest refund = Actions.refund("wf-rv", 30, RULE);
    String refundId = (String) actions.execute(refund).result().get("refundId");

    ActionResult reversal = act("rv-1", "payments", "reverse-refund", Map.of("refundId", refundId));
    ActionResult retry = act("rv-1", "payments", "reverse-refund", Map.of("refundId", refundId));
    ActionResult byOrder = act("rv-2", "payments", "reverse-refund", Map.of("orderId", "o-1"));

    assertThat(reversal.result())
        .containsEntry("refundId", refundId)
        .containsEntry("orderId", "o-1")
        .containsEntry("currency", "USD")
        .containsEntry("status", "reversed")
        .containsEntry("alreadyReversed", false);
    assertThat(new BigDecimal(reversal.result().get("amount").toString()))
        .isEqualByComparingTo("-30");
    assertThat((String) reversal.result().get("reversalId")).startsWith("rv_");
    assertThat(retry.replayed()).isTrue();
    assertThat(byOrder.result())
        .containsEntry("reversalId", reversal.result().get("reversalId"))
        .containsEntry("alreadyReversed", true);
    assertThat(count("sandbox_payments WHERE reverses = ?", refundId)).isEqualTo(1);
    assertThat(LedgerRows.value(ledger, "SELECT SUM(amount) FROM sandbox_payments"))
        .satisfies(sum -> assertThat(new BigDecimal(sum)).isZero());
    assertThat(LedgerRows.chain(ledger).intact()).isTrue();
  }

  @Test
  void a_reversal_of_nothing_is_an_invalid_action() {
    ApplicationFailure none =
        failure("rv-x", "payments", "reverse-refund", Map.of("refundId", "rf_nope"));
    ApplicationFailure noParams = failure("rv-y", "payments", "reverse-refund", Map.of());

    assertThat(none.isNonRetryable()).isTrue();
    assertThat(none.getOriginalMessage()).contains("no refund rf_nope");
    assertThat(noParams.getOriginalMessage()).contains("params.refundId");
    assertThat(count("ledger_actions")).isZero();
  }

  // ---- mailer ----

  @Test
  void mailer_notify_needs_no_attestation() {
    ActionResult sent =
        act(
            "n-1",
            "mailer",
            "notify",
            Map.of("to", "ops@example.com", "subject", "s", "body", "b"));

    assertThat(sent.result()).containsEntry("operation", "notify");
    assertThat(count("sandbox_mail")).isEqualTo(1);
  }

  // ---- faults ----

  @Test
  void a_certain_fault_fails_every_call_retryably_with_nothing_done_until_it_is_cleared() {
    faults.set(new SandboxFault("publisher", "publish", 1.0, 0, 0, null));
    Map<String, Object> post = Map.of("channel", "blog", "title", "t", "body", "b");

    for (double draw : List.of(0.0, 0.5, 0.999)) {
      chance.set(draw);
      ApplicationFailure failure = failure("f-1", "publisher", "publish", post);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getType()).isEqualTo(SandboxFaults.UNAVAILABLE);
      assertThat(failure.getOriginalMessage())
          .contains("publisher.publish is unavailable")
          .contains("./fleet sandbox clear publisher.publish");
    }
    assertThat(count("sandbox_posts")).isZero();
    assertThat(count("ledger_actions")).isZero();

    assertThat(faults.clear("publisher", "publish")).isTrue();
    ActionResult published = act("f-1", "publisher", "publish", post);

    assertThat(published.replayed()).isFalse();
    assertThat(count("sandbox_posts")).isEqualTo(1);
  }

  @Test
  void rates_share_out_the_draws_timeouts_first_then_unavailable() {
    faults.set(new SandboxFault("calendar", "book", 0.2, 0.3, 0, null));
    Map<String, Object> book = Map.of("leadId", "lead_ada");

    chance.set(0.29);
    assertThat(failure("r-1", "calendar", "book", book).getType()).isEqualTo(SandboxFaults.TIMEOUT);
    chance.set(0.49);
    assertThat(failure("r-1", "calendar", "book", book).getType())
        .isEqualTo(SandboxFaults.UNAVAILABLE);
    chance.set(0.5);
    assertThat(act("r-1", "calendar", "book", book).result()).containsEntry("status", "booked");
  }

  @Test
  void latency_delays_the_call_and_a_timeout_comes_after_it() {
    faults.set(new SandboxFault("crm", SandboxFault.ANY_OPERATION, 0, 0, 150, null));
    long start = System.nanoTime();
    act("l-1", "crm", "get", Map.of("leadId", "lead_ada"));
    long slowMillis = (System.nanoTime() - start) / 1_000_000;

    faults.set(new SandboxFault("crm", "get", 0, 1.0, 100, null));
    start = System.nanoTime();
    ApplicationFailure timeout = failure("l-2", "crm", "get", Map.of("leadId", "lead_ada"));
    long timeoutMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(slowMillis).isGreaterThanOrEqualTo(150);
    assertThat(timeout.getType()).isEqualTo(SandboxFaults.TIMEOUT);
    assertThat(timeout.isNonRetryable()).isFalse();
    assertThat(timeout.getOriginalMessage()).contains("did not answer within 100 ms");
    assertThat(timeoutMillis).isGreaterThanOrEqualTo(100);
  }

  @Test
  void a_fault_ends_at_its_until_time_and_the_seed_keeps_rows_already_there() {
    long now = CLOCK.millis();
    faults.set(new SandboxFault("mailer", "notify", 1.0, 0, 0, now));
    faults.set(new SandboxFault("mailer", "send", 1.0, 0, 0, now + 60_000));

    int seeded =
        faults.seed(
            List.of(
                new SandboxFault("mailer", "send", 0, 0, 5, null),
                new SandboxFault("publisher", "publish", 0.1, 0, 0, null)));

    assertThat(faults.find("mailer", "notify")).isEmpty();
    assertThat(faults.find("mailer", "send"))
        .get()
        .extracting(SandboxFault::failRate)
        .isEqualTo(1.0);
    assertThat(seeded).isEqualTo(1);
    assertThat(faults.list())
        .extracting(SandboxFault::target)
        .containsExactly("mailer.notify", "mailer.send", "publisher.publish");
  }
}
