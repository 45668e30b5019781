package dev.agentfleet.activities.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalSignature;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalVerifierTest {

  private static final String RUN = "support-triage/T-1014";
  private static final String STEP = "billing_approval";
  private static final long REQUESTED = 1_739_999_000_000L;

  @TempDir Path dir;
  private Path publicKeys;
  private SigningKeys approvers;
  private ApprovalActivitiesImpl activities;

  @BeforeEach
  void keys() throws IOException {
    publicKeys = dir.resolve("keys").resolve("approvals.pub");
    approvers = new SigningKeys("k1").trustIn(publicKeys);
    activities =
        new ApprovalActivitiesImpl(new ApprovalVerifier(ApprovalKeyRing.fromFile(publicKeys)));
  }

  private ApprovalDecision aliceApproves() {
    return approvers.sign(RUN, STEP, REQUESTED, "approve", "alice", List.of("billing"), "ok");
  }

  private ApprovalVerdict verify(ApprovalDecision decision) {
    return activities.verify(new ApprovalCheck(RUN, STEP, REQUESTED, decision));
  }

  @Test
  void a_decision_signed_for_the_waiting_request_is_valid() {
    ApprovalVerdict verdict = verify(aliceApproves());

    assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    assertThat(verdict.keyId()).isEqualTo("k1");
  }

  @Test
  void an_unsigned_decision_is_refused() {
    ApprovalVerdict verdict =
        verify(new ApprovalDecision(null, "approve", "alice", List.of("billing"), null));

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("no signature");
  }

  @Test
  void a_decision_with_a_field_changed_after_signing_is_refused() {
    ApprovalDecision signed = aliceApproves();
    ApprovalDecision moreRoles =
        new ApprovalDecision(
            signed.stepId(),
            signed.decision(),
            signed.approver(),
            List.of("billing", "billing-lead"),
            signed.comment(),
            signed.workflowId(),
            signed.requestedAt(),
            signed.keyId(),
            signed.signedAt(),
            signed.signature());
    ApprovalDecision otherComment =
        new ApprovalDecision(
            signed.stepId(),
            signed.decision(),
            signed.approver(),
            signed.roles(),
            "ok, and refund twice",
            signed.workflowId(),
            signed.requestedAt(),
            signed.keyId(),
            signed.signedAt(),
            signed.signature());

    assertThat(verify(moreRoles).reason()).contains("does not match");
    assertThat(verify(otherComment).reason()).contains("does not match");
  }

  @Test
  void a_signature_by_an_untrusted_key_is_refused_even_under_a_trusted_key_id() {
    SigningKeys impostor = new SigningKeys("k1");
    ApprovalDecision forged =
        impostor.sign(RUN, STEP, REQUESTED, "approve", "alice", List.of("billing"), "ok");

    ApprovalVerdict verdict = verify(forged);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("does not match");
  }

  @Test
  void an_unknown_key_id_is_refused_and_the_trusted_ones_are_named() {
    ApprovalDecision unknown =
        new SigningKeys("k9")
            .sign(RUN, STEP, REQUESTED, "approve", "alice", List.of("billing"), "");

    ApprovalVerdict verdict = verify(unknown);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("'k9'").contains("[k1]").contains(publicKeys.toString());
  }

  @Test
  void a_decision_signed_for_another_run_is_refused_whether_it_says_so_or_not() {
    ApprovalDecision forOther =
        approvers.sign(
            "support-triage/T-1024", STEP, REQUESTED, "approve", "alice", List.of("billing"), "ok");
    ApprovalDecision relabelled =
        new ApprovalDecision(
            forOther.stepId(),
            forOther.decision(),
            forOther.approver(),
            forOther.roles(),
            forOther.comment(),
            RUN,
            forOther.requestedAt(),
            forOther.keyId(),
            forOther.signedAt(),
            forOther.signature());

    assertThat(verify(forOther).reason()).contains("signed for run support-triage/T-1024");
    assertThat(verify(relabelled).reason()).contains("does not match");
  }

  @Test
  void a_decision_signed_for_an_earlier_request_of_the_same_step_is_refused() {
    ApprovalDecision earlier =
        approvers.sign(RUN, STEP, REQUESTED - 60_000, "approve", "alice", List.of("billing"), "");

    ApprovalVerdict verdict = verify(earlier);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("earlier request");
  }

  @Test
  void without_a_public_keys_file_every_signature_is_refused_with_what_to_do() {
    ApprovalActivitiesImpl noKeys =
        new ApprovalActivitiesImpl(
            new ApprovalVerifier(ApprovalKeyRing.fromFile(dir.resolve("missing.pub"))));

    ApprovalVerdict verdict =
        noKeys.verify(new ApprovalCheck(RUN, STEP, REQUESTED, aliceApproves()));

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("missing.pub").contains("./fleet up");
  }

  @Test
  void a_key_added_to_the_file_while_the_worker_runs_is_trusted_without_a_restart()
      throws IOException {
    SigningKeys later = new SigningKeys("k2");
    ApprovalDecision byLater =
        later.sign(RUN, STEP, REQUESTED, "approve", "carol", List.of("billing"), null);
    assertThat(verify(byLater).valid()).isFalse();

    later.trustIn(publicKeys);

    assertThat(verify(byLater).valid()).isTrue();
    assertThat(verify(aliceApproves()).valid()).isTrue();
  }

  @Test
  void a_malformed_public_keys_file_refuses_and_names_the_line() throws IOException {
    Files.writeString(publicKeys, "k1 not-a-key\n");

    ApprovalVerdict verdict = verify(aliceApproves());

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains(publicKeys + ":1");
  }

  @Test
  void a_human_attestation_verifies_for_its_run_only() {
    ApprovalVerifier verifier = new ApprovalVerifier(ApprovalKeyRing.fromFile(publicKeys));
    Attestation approval = approvers.approval(RUN, "alice", List.of("billing"));
    ApprovalSignature s = approval.signature();
    Attestation renamed =
        new Attestation(
            Attestation.HUMAN, "mallory", approval.stepId(), approval.definitionHash(), 1, s);
    Attestation unsigned =
        new Attestation(Attestation.HUMAN, "alice", approval.stepId(), "def1", 1);

    assertThat(verifier.humanAttestationProblem(approval, RUN)).isEmpty();
    assertThat(verifier.humanAttestationProblem(approval, "support-triage/T-1024"))
        .hasValueSatisfying(p -> assertThat(p).contains("does not verify for run"));
    assertThat(verifier.humanAttestationProblem(renamed, RUN)).isPresent();
    assertThat(verifier.humanAttestationProblem(unsigned, RUN))
        .hasValueSatisfying(p -> assertThat(p).contains("carries no signature"));
  }
}
