package dev.agentfleet.workflows.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statement v3: a signature bound to the role the approver held and the effect it authorises, so
 * the same signature cannot authorise another operation, amount or currency.
 */
class BoundStatementTest {

  private static final KeyPair KEYS = keyPair();
  private static final String RUN = "support-triage/T-1014";
  private static final long REQUESTED = 1_700_000_000_000L;
  private static final ProposedEffect REFUND =
      ProposedEffect.of("payments", "refund", Map.of("amount", 4999.0, "currency", "usd"));

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApprovalDecision decision(String role, Map<String, Object> values) {
    return new ApprovalDecision(
        "billing_approval",
        values == null ? ApprovalDecision.APPROVE : ApprovalDecision.EDIT,
        "alice",
        List.of("billing", "support"),
        "ok",
        RUN,
        REQUESTED,
        "k1",
        1_700_000_123_456L,
        null,
        values,
        role);
  }

  private static String sign(ApprovalDecision d, ProposedEffect effect) {
    return ApprovalKeys.sign(
        KEYS.getPrivate(), d.statementFor(RUN, "billing_approval", REQUESTED, effect));
  }

  private static boolean verifies(ApprovalDecision d, ProposedEffect effect, String signature) {
    return ApprovalKeys.verify(
        KEYS.getPublic(), d.statementFor(RUN, "billing_approval", REQUESTED, effect), signature);
  }

  @Test
  void the_v3_text_names_the_role_and_the_effect_after_the_v1_lines() {
    ApprovalStatement statement =
        decision("billing", null).statementFor(RUN, "billing_approval", REQUESTED, REFUND);

    assertThat(statement.text())
        .startsWith("agent-fleet approval statement v3\nworkflowId 21 support-triage/T-1014\n")
        .endsWith(
            """
            keyId 2 k1
            role 7 billing
            connector 8 payments
            operation 6 refund
            amount 4 4999
            currency 3 USD
            valuesSha256 -
            """);
  }

  @Test
  void a_v3_signature_verifies_for_its_effect_and_for_no_other() {
    ApprovalDecision d = decision("billing", null);
    String signature = sign(d, REFUND);

    assertThat(verifies(d, REFUND, signature)).isTrue();
    assertThat(verifies(d, new ProposedEffect("payments", "refund", "4999.00", "USD"), signature))
        .as("the same amount written differently is the same effect")
        .isTrue();
    assertThat(verifies(d, new ProposedEffect("payments", "refund", "5000", "USD"), signature))
        .as("another amount")
        .isFalse();
    assertThat(verifies(d, new ProposedEffect("payments", "refund", "4999", "KWD"), signature))
        .as("another currency")
        .isFalse();
    assertThat(verifies(d, new ProposedEffect("payments", "adjust", "4999", "USD"), signature))
        .as("another operation")
        .isFalse();
    assertThat(verifies(d, null, signature)).as("no effect").isFalse();
  }

  @Test
  void the_role_is_part_of_what_is_signed() {
    String signature = sign(decision("support", null), REFUND);

    assertThat(verifies(decision("billing", null), REFUND, signature)).isFalse();
  }

  @Test
  void an_edit_signs_the_effect_with_its_amount_and_currency() {
    Map<String, Object> values = Map.of("amount", 120, "currency", "eur");
    ApprovalDecision edit = decision("billing", values);
    String signature = sign(edit, REFUND);

    ApprovalSignature carried = ApprovalSignature.of(withSignature(edit, signature), REFUND);

    assertThat(carried.effect()).isEqualTo(new ProposedEffect("payments", "refund", "120", "EUR"));
    assertThat(
            ApprovalKeys.verify(
                KEYS.getPublic(),
                carried.statement(RUN, "billing_approval", "alice"),
                carried.signature()))
        .as("the connector rebuilds the statement from what the attestation carries")
        .isTrue();
  }

  @Test
  void v1_and_v2_statements_keep_their_text_so_old_signatures_verify() {
    ApprovalDecision v1 = decision(null, null);
    ApprovalDecision v2 = decision(null, Map.of("amount", 12));

    assertThat(v1.statementFor(RUN, "billing_approval", REQUESTED, REFUND).text())
        .startsWith(ApprovalStatement.VERSION + "\n")
        .doesNotContain("connector");
    assertThat(v2.statementFor(RUN, "billing_approval", REQUESTED, REFUND).text())
        .startsWith(ApprovalStatement.VERSION_WITH_VALUES + "\n")
        .doesNotContain("connector");
    String signature = sign(v1, null);
    assertThat(verifies(v1, REFUND, signature)).as("v1 binds no effect").isTrue();
  }

  private static ApprovalDecision withSignature(ApprovalDecision d, String signature) {
    return new ApprovalDecision(
        d.stepId(),
        d.decision(),
        d.approver(),
        d.roles(),
        d.comment(),
        d.workflowId(),
        d.requestedAt(),
        d.keyId(),
        d.signedAt(),
        signature,
        d.values(),
        d.role());
  }
}
