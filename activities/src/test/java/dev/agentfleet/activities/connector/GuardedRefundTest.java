package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static dev.agentfleet.activities.connector.Actions.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.approval.SigningKeys;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalSignature;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payments connector verifies a human approval's signature itself before it refunds above the
 * auto-approval limit, whatever the workflow that built the request believed.
 */
class GuardedRefundTest {

  @TempDir Path dir;
  private Ledger ledger;
  private SigningKeys approvers;
  private ActionActivitiesImpl actions;

  @BeforeEach
  void open() throws IOException {
    Path publicKeys = dir.resolve("approvals.pub");
    approvers = new SigningKeys("k1").trustIn(publicKeys);
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    ApprovalVerifier verifier = new ApprovalVerifier(ApprovalKeyRing.fromFile(publicKeys));
    actions =
        new ActionActivitiesImpl(
            ledger,
            ActionActivitiesImpl.defaultConnectors(ConnectorConfig.defaults(), verifier, CLOCK),
            CLOCK);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void a_signed_human_approval_for_this_run_pays_above_the_limit() {
    Attestation approval = approvers.approval("wf-signed", "alice", List.of("billing"));

    ActionResult result = actions.execute(refund("wf-signed", 500, approval));

    assertThat(result.result()).containsEntry("amount", 500);
    assertThat(LedgerRows.value(ledger, "SELECT approved_by FROM ledger_actions"))
        .isEqualTo("alice");
    assertThat(LedgerRows.value(ledger, "SELECT attestation_json FROM ledger_actions"))
        .contains("\"keyId\":\"k1\"")
        .contains(approval.signature().signature());
  }

  @Test
  void a_human_approval_with_a_bad_signature_is_refused_audited_and_not_paid() {
    Attestation genuine = approvers.approval("wf-bad-sig", "alice", List.of("billing"));
    ApprovalSignature s = genuine.signature();
    String otherSignature =
        approvers.approval("wf-other", "alice", List.of("billing")).signature().signature();
    Attestation badSignature =
        new Attestation(
            Attestation.HUMAN,
            "alice",
            genuine.stepId(),
            genuine.definitionHash(),
            genuine.at(),
            new ApprovalSignature(
                s.requestedAt(),
                s.roles(),
                s.commentSha256(),
                s.keyId(),
                s.signedAt(),
                otherSignature));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> actions.execute(refund("wf-bad-sig", 500, badSignature)));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("refund of 500 USD is not approved")
        .contains("does not match");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();
    assertThat(
            LedgerRows.value(ledger, "SELECT kind FROM audit_log WHERE workflow_id = 'wf-bad-sig'"))
        .isEqualTo("refused");
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log"))
        .contains("human:alice (key k1)")
        .contains("does not match");
  }

  @Test
  void an_approval_signed_for_another_run_is_refused() {
    Attestation forOther = approvers.approval("wf-elsewhere", "alice", List.of("billing"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> actions.execute(refund("wf-here", 500, forOther)));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(failure.getOriginalMessage()).contains("does not verify for run wf-here");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
  }

  @Test
  void an_unsigned_human_claim_is_refused() {
    Attestation claim = new Attestation(Attestation.HUMAN, "alice", "billing_approval", "def1", 1);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> actions.execute(refund("wf-claim", 500, claim)));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(failure.getOriginalMessage()).contains("carries no signature");
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log"))
        .contains("human:alice (unsigned)");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
  }

  @Test
  void a_rule_still_approves_up_to_the_limit_without_any_signature() {
    ActionResult result = actions.execute(refund("wf-rule", 20, Actions.RULE));

    assertThat(result.replayed()).isFalse();
    assertThat(LedgerRows.value(ledger, "SELECT approved_by FROM ledger_actions"))
        .isEqualTo("rule:small-refund");
  }

  @Test
  void a_billing_adjustment_needs_a_signed_human_approval_whatever_the_amount() {
    ApplicationFailure byRule =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> actions.execute(adjust("wf-adjust-rule", 5, Actions.RULE)));
    assertThat(byRule.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(byRule.getOriginalMessage())
        .contains("billing adjustment of 5 USD has no human approval");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();

    Attestation approval = approvers.approval("wf-adjust", "carol", List.of("billing"));
    ActionResult result = actions.execute(adjust("wf-adjust", 5, approval));
    assertThat((String) result.result().get("adjustmentId")).startsWith("adj_");
    assertThat(LedgerRows.value(ledger, "SELECT approved_by FROM ledger_actions"))
        .isEqualTo("carol");
  }

  private static ActionRequest adjust(String workflowId, Object amount, Attestation attestation) {
    return Actions.request(
        workflowId,
        "payments",
        "adjust",
        Map.of("amount", amount, "currency", "USD", "orderId", "o-1"),
        attestation);
  }
}
