package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static dev.agentfleet.activities.connector.Actions.RULE;
import static dev.agentfleet.activities.connector.Actions.refund;
import static dev.agentfleet.activities.connector.Actions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.approval.SigningKeys;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.activities.policy.MoneyPolicy;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ProposedEffect;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The payments connector with the shipped rates and policy: it compares the same amount in USD as
 * the route rule, and refuses an effect the attestation and the policy do not both cover.
 */
class MoneyLimitsTest {

  @TempDir Path dir;
  private Ledger ledger;
  private SigningKeys approvers;
  private ActionActivitiesImpl actions;

  @BeforeEach
  void open() throws IOException {
    Path publicKeys = dir.resolve("approvals.pub");
    approvers = new SigningKeys("k1").trustIn(publicKeys);
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    actions =
        new ActionActivitiesImpl(
            ledger,
            ActionActivitiesImpl.defaultConnectors(
                ConnectorConfig.defaults(),
                new ApprovalVerifier(ApprovalKeyRing.fromFile(publicKeys)),
                MoneyPolicy.load(Map.of()),
                CLOCK),
            CLOCK);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @ParameterizedTest(name = "a rule refunds {0} {1}: {2}")
  @CsvSource({
    "45,   USD, true",
    "45,   KWD, false", // 146.25 USD: over the 50 USD rule limit
    "15,   BHD, true", // 39.75 USD
    "19,   BHD, false", // 50.35 USD
    "39,   GBP, true",
    "40,   GBP, false", // 50.80 USD
    "4500, JPY, true", // 30.15 USD
    "45,   CNY, true", // 6.30 USD
    "400,  CNY, false", // 56 USD
    "45,   XYZ, false", // unknown code
  })
  void a_rule_covers_up_to_50_usd_in_any_currency(String amount, String currency, boolean paid) {
    String run = "wf-rule-" + currency + "-" + amount;

    ApplicationFailure refusal = refusal(refund(run, Double.valueOf(amount), currency, RULE));

    if (paid) {
      assertThat(refusal).isNull();
      assertThat(
              LedgerRows.value(
                  ledger, "SELECT currency FROM sandbox_payments WHERE workflow_id = ?", run))
          .isEqualTo(currency);
    } else {
      assertThat(refusal).isNotNull();
      assertThat(refusal.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
      assertThat(refusal.isNonRetryable()).isTrue();
      assertThat(refusal.getOriginalMessage()).contains("refund of " + amount + " " + currency);
      assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
    }
  }

  @Test
  void a_45_kwd_refund_is_over_the_limit_in_usd_and_the_refusal_says_so_and_is_audited() {
    ApplicationFailure refusal = refusal(refund("wf-kwd", 45, "KWD", RULE));

    assertThat(refusal.getOriginalMessage())
        .contains("refund of 45 KWD (146.25 USD at the rates of 2026-12-01)")
        .contains("auto-approval limit of 50 USD");
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log WHERE kind = 'refused'"))
        .contains("146.25 USD");
  }

  @Test
  void an_amount_without_a_currency_is_refused() {
    Map<String, Object> params = new HashMap<>(Map.of("amount", 20, "orderId", "o-1"));
    ApplicationFailure refusal = refusal(request("wf-none", "payments", "refund", params, RULE));

    assertThat(refusal.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(refusal.getOriginalMessage()).contains("has no currency");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
  }

  @Test
  void a_billing_approval_of_this_refund_pays_it() {
    Attestation approval = bound("wf-ok", "billing", refundOf("4999", "USD"));

    assertThat(refusal(refund("wf-ok", 4999, "USD", approval))).isNull();
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
  }

  @Test
  void a_support_approval_never_authorises_a_refund() {
    // the edited-playbook attack: support_approval leads to refund
    Attestation approval = bound("wf-support", "support", refundOf("4999", "USD"));

    ApplicationFailure refusal = refusal(refund("wf-support", 4999, "USD", approval));

    assertThat(refusal.getOriginalMessage())
        .contains("role support may not authorise payments.refund")
        .contains("billing up to 5000 USD");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log WHERE kind = 'refused'"))
        .contains("role support may not authorise");
  }

  @Test
  void an_approver_holding_billing_too_is_held_to_the_role_they_approved_in() {
    Attestation approval =
        approvers.boundApproval(
            "wf-both",
            "support_approval",
            "alice",
            List.of("billing", "support"),
            "support",
            refundOf("30", "USD"));

    ApplicationFailure refusal = refusal(refund("wf-both", 30, "USD", approval));

    assertThat(refusal.getOriginalMessage()).contains("role support may not authorise");
  }

  @Test
  void an_amount_over_the_roles_limit_is_refused_after_conversion() {
    // 1600 KWD is 5200 USD: over billing's 5000 USD
    Attestation approval = bound("wf-over", "billing", refundOf("1600", "KWD"));

    ApplicationFailure refusal = refusal(refund("wf-over", 1600, "KWD", approval));

    assertThat(refusal.getOriginalMessage()).contains("5200 USD").contains("up to 5000 USD only");
  }

  @Test
  void an_approval_of_another_operation_does_not_authorise_this_one() {
    Attestation approval =
        bound("wf-op", "billing", new ProposedEffect("payments", "adjust", "20", "USD"));

    ApplicationFailure refusal = refusal(refund("wf-op", 20, "USD", approval));

    assertThat(refusal.getOriginalMessage())
        .contains("is not what alice approved")
        .contains("authorised payments.adjust 20 USD, not payments.refund");
  }

  @Test
  void an_approval_in_one_currency_does_not_authorise_the_amount_in_another() {
    Attestation approval = bound("wf-ccy", "billing", refundOf("45", "USD"));

    ApplicationFailure refusal = refusal(refund("wf-ccy", 45, "KWD", approval));

    assertThat(refusal.getOriginalMessage()).contains("authorised 45 USD, the request is in KWD");
  }

  @Test
  void an_approval_of_one_amount_does_not_authorise_another() {
    Attestation approval = bound("wf-amt", "billing", refundOf("45", "USD"));

    ApplicationFailure refusal = refusal(refund("wf-amt", 450, "USD", approval));

    assertThat(refusal.getOriginalMessage()).contains("authorised an amount of 45");
  }

  @Test
  void a_bound_signature_whose_effect_was_altered_does_not_verify() {
    Attestation genuine = bound("wf-alt", "billing", refundOf("45", "USD"));
    var s = genuine.signature();
    Attestation altered =
        new Attestation(
            genuine.kind(),
            genuine.principal(),
            genuine.stepId(),
            genuine.definitionHash(),
            genuine.at(),
            new dev.agentfleet.workflows.approval.ApprovalSignature(
                s.requestedAt(),
                s.roles(),
                s.commentSha256(),
                s.keyId(),
                s.signedAt(),
                s.signature(),
                s.decision(),
                s.valuesSha256(),
                s.role(),
                refundOf("4500", "USD")));

    ApplicationFailure refusal = refusal(refund("wf-alt", 4500, "USD", altered));

    assertThat(refusal.getOriginalMessage()).contains("does not match");
  }

  private Attestation bound(String run, String role, ProposedEffect effect) {
    return approvers.boundApproval(run, "billing_approval", "alice", List.of(role), role, effect);
  }

  private static ProposedEffect refundOf(String amount, String currency) {
    return new ProposedEffect("payments", "refund", amount, currency);
  }

  private ApplicationFailure refusal(ActionRequest request) {
    return catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(request));
  }
}
