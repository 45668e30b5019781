package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static dev.agentfleet.activities.connector.Actions.HUMAN;
import static dev.agentfleet.activities.connector.Actions.RULE;
import static dev.agentfleet.activities.connector.Actions.refund;
import static dev.agentfleet.activities.connector.Actions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.ledger.ActionLedger;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.policy.EffectPolicy;
import dev.agentfleet.activities.policy.MoneyPolicy;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionActivitiesImplTest {

  @TempDir Path dir;
  private Ledger ledger;
  private ActionActivitiesImpl actions;

  @BeforeEach
  void open() {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    actions = activities(ledger);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private static ActionActivitiesImpl activities(Ledger ledger) {
    return new ActionActivitiesImpl(
        ledger, ActionActivitiesImpl.defaultConnectors(ConnectorConfig.defaults(), CLOCK), CLOCK);
  }

  @Test
  void retried_refund_returns_the_recorded_result_and_leaves_one_payment() {
    ActionRequest request = refund("wf-1", 20, RULE);

    ActionResult first = actions.execute(request);
    ActionResult retry = actions.execute(request);

    assertThat(first.replayed()).isFalse();
    assertThat(first.result()).containsEntry("amount", 20).containsEntry("currency", "USD");
    assertThat((String) first.result().get("refundId")).startsWith("rf_");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(first.result());
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
  }

  @Test
  void two_namespaces_sharing_the_ledger_refund_the_same_workflow_id_once_each() {
    // the same record in two Temporal namespaces: the same workflow id, so only the namespace in
    // the key keeps the second refund from being taken for a replay of the first
    ActionRequest base = refund("support-triage/R-7", 20, RULE);
    ActionRequest inDefault =
        withKey(
            base,
            IdempotencyKeys.action(IdempotencyKeys.run("default", "support-triage/R-7"), "refund"));
    ActionRequest inBilling =
        withKey(
            base,
            IdempotencyKeys.action(IdempotencyKeys.run("billing", "support-triage/R-7"), "refund"));

    ActionResult first = actions.execute(inDefault);
    ActionResult second = actions.execute(inBilling);
    ActionResult again = actions.execute(inBilling);

    assertThat(inDefault.idempotencyKey()).isEqualTo("support-triage/R-7/refund");
    assertThat(inBilling.idempotencyKey()).isEqualTo("billing:support-triage/R-7/refund");
    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isFalse();
    assertThat(second.result().get("refundId")).isNotEqualTo(first.result().get("refundId"));
    assertThat(again.replayed()).isTrue();
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(2);
  }

  private static ActionRequest withKey(ActionRequest r, String key) {
    return new ActionRequest(
        key,
        r.workflowId(),
        r.recordId(),
        r.agent(),
        r.stepId(),
        r.connector(),
        r.operation(),
        r.params(),
        r.attestation());
  }

  @Test
  void two_workers_racing_on_one_key_make_one_payment_and_return_the_same_refund()
      throws Exception {
    int rounds = 10;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Ledger other = new Ledger(Ledger.sqliteUrl(dir))) {
      List<ActionActivitiesImpl> workers = List.of(actions, activities(other));
      for (int round = 0; round < rounds; round++) {
        ActionRequest request = refund("wf-race-" + round, 30, RULE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ActionResult>> results = new ArrayList<>();
        for (ActionActivitiesImpl worker : workers) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return worker.execute(request);
                  }));
        }
        start.countDown();
        ActionResult a = results.get(0).get(30, TimeUnit.SECONDS);
        ActionResult b = results.get(1).get(30, TimeUnit.SECONDS);

        assertThat(a.result().get("refundId")).isEqualTo(b.result().get("refundId"));
        assertThat(List.of(a.replayed(), b.replayed())).containsExactlyInAnyOrder(true, false);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(rounds);
    assertThat(LedgerRows.count(ledger, "audit_log")).isEqualTo(rounds);
  }

  @Test
  void a_claim_left_by_a_crashed_attempt_is_completed_by_the_next_without_a_second_effect() {
    ActionRequest request = refund("wf-crash", 20, RULE);
    claim(request);

    ActionResult result = actions.execute(request);

    assertThat(result.replayed()).isFalse();
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
    assertThat(status(request)).isEqualTo(ActionLedger.COMPLETED);
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isEqualTo(1);
  }

  @Test
  void an_effect_written_before_a_crash_is_returned_instead_of_repeated() {
    ActionRequest request = refund("wf-crash", 20, RULE);
    claim(request);
    LedgerRows.update(
        ledger,
        "INSERT INTO sandbox_payments (refund_id, idempotency_key, amount, currency, created_at)"
            + " VALUES ('rf_before_crash', ?, 20, 'USD', '2025-03-01T09:59:00.000Z')",
        request.idempotencyKey());

    ActionResult result = actions.execute(request);

    assertThat(result.result()).containsEntry("refundId", "rf_before_crash");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
    assertThat(status(request)).isEqualTo(ActionLedger.COMPLETED);
  }

  @Test
  void refund_above_the_limit_with_a_rule_attestation_is_refused_audited_and_not_paid() {
    ActionRequest request = refund("wf-big", 500, RULE);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(request));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("refund of 500 USD")
        .contains("limit of 50")
        .contains("human approval");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();
    assertThat(LedgerRows.value(ledger, "SELECT kind FROM audit_log WHERE workflow_id = 'wf-big'"))
        .isEqualTo("refused");
    assertThat(LedgerRows.value(ledger, "SELECT actor FROM audit_log"))
        .isEqualTo("rule:small-refund");
  }

  // A refund above the limit with a signed human approval: see GuardedRefundTest.

  @Test
  void refund_within_the_limit_with_a_rule_attestation_is_paid_and_recorded() {
    ActionRequest request = refund("wf-small", 20, RULE);

    actions.execute(request);

    String where = " FROM ledger_actions WHERE idempotency_key = ?";
    String key = request.idempotencyKey();
    assertThat(LedgerRows.value(ledger, "SELECT approved_by" + where, key))
        .isEqualTo("rule:small-refund");
    assertThat(LedgerRows.value(ledger, "SELECT amount" + where, key)).isEqualTo("20");
    assertThat(LedgerRows.value(ledger, "SELECT currency" + where, key)).isEqualTo("USD");
    assertThat(LedgerRows.value(ledger, "SELECT created_at" + where, key))
        .isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(LedgerRows.value(ledger, "SELECT attestation_json" + where, key))
        .contains("\"principal\":\"small-refund\"");
    assertThat(LedgerRows.value(ledger, "SELECT kind FROM audit_log")).isEqualTo("action");
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log")).contains("refundId");
    assertThat(LedgerRows.chain(ledger).intact()).isTrue();
  }

  @Test
  void a_refund_without_any_attestation_is_refused_whatever_the_amount() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> actions.execute(refund("wf-none", 1, Attestation.none())));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(failure.getOriginalMessage()).contains("refund of 1 USD").contains("no approval");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
  }

  @Test
  void the_auto_approval_limit_comes_from_the_policy() {
    MoneyPolicy money =
        new MoneyPolicy(
            CurrencyTable.only("USD", "2026-12-01"),
            EffectPolicy.parse(
                "base: USD\noperations: {payments.refund: {rules: 10}}", "policies.yaml"));
    ActionActivitiesImpl strict =
        new ActionActivitiesImpl(
            ledger,
            ActionActivitiesImpl.defaultConnectors(
                ConnectorConfig.defaults(),
                new ApprovalVerifier(ApprovalKeyRing.of(Map.of())),
                money,
                CLOCK),
            CLOCK);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> strict.execute(refund("wf-strict", 20, RULE)));

    assertThat(failure.getOriginalMessage()).contains("limit of 10");
  }

  @Test
  void a_refund_with_a_bad_amount_names_the_field_and_what_was_expected() {
    assertInvalid(refund("wf-bad", "lots", RULE), "params.amount must be a number greater than 0");
    assertInvalid(refund("wf-bad", -5, HUMAN), "params.amount must be greater than 0, got -5");
    assertInvalid(
        request("wf-bad", "payments", "refund", Map.of(), HUMAN), "params.amount is required");
    assertInvalid(
        request("wf-bad", "payments", "refund", Map.of("amount", 5, "currency", "dollars"), HUMAN),
        "params.currency must be a three-letter ISO 4217 code");
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();
  }

  @Test
  void an_unknown_connector_or_operation_is_an_invalid_action() {
    assertInvalid(
        request("wf-x", "fax", "send", Map.of(), HUMAN),
        "unknown connector 'fax'; this worker has calendar, cards, crm, http, mailer, payments,"
            + " publisher, webhook");
    assertInvalid(
        request("wf-x", "paymnts", "refund", Map.of(), HUMAN),
        "unknown connector 'paymnts'; did you mean 'payments'?");
    assertInvalid(
        request("wf-x", "payments", "charge", Map.of("amount", 5), HUMAN),
        "unknown operation 'charge' of payments; payments has refund, adjust, reverse-refund");
  }

  @Test
  void a_mail_is_sent_once_and_its_result_carries_no_address() {
    ActionRequest send =
        request(
            "wf-mail",
            "mailer",
            "send",
            Map.of("to", "customer@example.com", "subject", "Your refund", "body", "Done."),
            Attestation.none());

    ActionResult first = actions.execute(send);
    ActionResult retry = actions.execute(send);

    assertThat((String) first.result().get("messageId")).startsWith("msg_");
    assertThat(first.result().toString()).doesNotContain("customer@example.com");
    assertThat(retry.replayed()).isTrue();
    assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(1);
    assertThat(LedgerRows.value(ledger, "SELECT to_address FROM sandbox_mail"))
        .isEqualTo("customer@example.com");
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log"))
        .doesNotContain("customer@example.com");
  }

  @Test
  void a_mail_without_recipient_is_an_invalid_action() {
    assertInvalid(
        request("wf-mail", "mailer", "notify", Map.of("subject", "hi"), Attestation.none()),
        "params.to is required");
  }

  private void assertInvalid(ActionRequest request, String message) {
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(request));
    assertThat(failure.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(message);
  }

  private void claim(ActionRequest request) {
    ledger.inTransaction(
        c ->
            ActionLedger.claim(
                c,
                new ActionLedger.Claim(request, new BigDecimal("20"), "USD", "rule:small-refund"),
                CLOCK.instant()));
  }

  private String status(ActionRequest request) {
    return LedgerRows.value(
        ledger,
        "SELECT status FROM ledger_actions WHERE idempotency_key = ?",
        request.idempotencyKey());
  }
}
