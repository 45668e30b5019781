package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static dev.agentfleet.workflows.run.WorkflowTestHarness.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run accepts a decision only when the approvers' side signed it for this run's waiting request;
 * anything else is refused, recorded, audited, and the approval stays open for a person.
 */
class AttestedApprovalTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  /** The audit entries of a kind once there are {@code count} of them (written by an activity). */
  private List<AuditEntry> awaitAudit(String kind, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (h.audit.ofKind(kind).size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return h.audit.ofKind(kind);
  }

  @Test
  void an_unsigned_decision_is_refused_recorded_and_the_run_keeps_waiting_until_a_signed_one() {
    AgentWorkflow run = h.waitingForBilling("U-1");

    // a raw signal: the right name and role, but nobody signed it
    run.decide(decision("approve", "alice", "billing"));
    RunState refused = awaitState(run, s -> s.ignoredSignals().size() == 1);

    assertThat(refused.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(refused.pendingApproval().stepId()).isEqualTo("billing_approval");
    assertThat(refused.approvals())
        .singleElement()
        .extracting(ApprovalRecord::status)
        .isEqualTo("pending");
    assertThat(refused.ignoredSignals().get(0).reason()).contains("unsigned");
    assertThat(awaitAudit("approval-refused", 1))
        .as("written to the audit log while the run still waits")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("alice");
              assertThat(e.stepId()).isEqualTo("billing_approval");
              assertThat(e.detail()).contains("unsigned");
            });
    assertThat(h.actions.attempts).isEmpty();
    assertThat(h.approvals.checks).as("nothing to verify without a signature").isEmpty();

    ApprovalDecision signed = h.signed(run, "approve", "alice", "billing", "support");
    run.decide(signed);
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals().get(0).decidedBy()).isEqualTo("alice");
    Attestation attestation = h.actions.effects.get(end.workflowId() + "/refund").attestation();
    assertThat(attestation.isHuman()).isTrue();
    assertThat(attestation.principal()).isEqualTo("alice");
    assertThat(attestation.stepId()).isEqualTo("billing_approval");
    assertThat(attestation.signature()).isNotNull();
    assertThat(attestation.signature().keyId()).isEqualTo(FakeApprovalActivities.KEY_ID);
    assertThat(attestation.signature().signature()).isEqualTo(signed.signature());
    assertThat(attestation.signature().roles()).containsExactly("billing", "support");
    assertThat(attestation.signature().requestedAt())
        .isEqualTo(refused.pendingApproval().requestedAt());
    assertThat(attestation.signature().commentSha256()).hasSize(64);
    h.exportHistory(run, "support-triage-refused-then-attested-approval");
  }

  @Test
  void forged_altered_and_misdirected_signatures_are_refused_and_nothing_is_refunded() {
    AgentWorkflow other = h.waitingForBilling("M-1");
    AgentWorkflow run = h.waitingForBilling("M-2");
    RunState waiting = run.state();

    // signed by a key that merely claims the trusted key's id
    run.decide(FakeApprovalActivities.forged(waiting));
    // a valid rejection turned into an approval
    ApprovalDecision rejection = h.signed(run, "reject", "alice", "billing");
    run.decide(
        new ApprovalDecision(
            rejection.stepId(),
            ApprovalDecision.APPROVE,
            rejection.approver(),
            rejection.roles(),
            rejection.comment(),
            rejection.workflowId(),
            rejection.requestedAt(),
            rejection.keyId(),
            rejection.signedAt(),
            rejection.signature()));
    // a genuine approval of another run, replayed here
    ApprovalDecision forOther = h.signed(other, "approve", "alice", "billing");
    run.decide(forOther);
    RunState refused = awaitState(run, s -> s.ignoredSignals().size() == 3);

    assertThat(refused.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(refused.ignoredSignals())
        .extracting(IgnoredSignal::reason)
        .allMatch(r -> r.startsWith("signature refused: "));
    assertThat(awaitAudit("approval-refused", 3))
        .extracting(AuditEntry::workflowId)
        .containsOnly(waiting.workflowId())
        .hasSize(3);
    assertThat(h.approvals.checks).hasSize(3);
    assertThat(h.actions.attempts).isEmpty();

    run.decide(h.signed(run, "approve", "alice", "billing"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    // Waiting for the result lets the test server skip time, so the other run may have reached
    // its escalation (a notification) meanwhile; what must not have happened is its approval.
    RunState otherNow = other.state();
    assertThat(otherNow.approvals())
        .as("the other run was never approved")
        .extracting(ApprovalRecord::status)
        .doesNotContain("approved", "edited");
    assertThat(h.actions.effects.keySet())
        .as("nor refunded")
        .doesNotContain(
            otherNow.workflowId() + "/refund", otherNow.workflowId() + "/confirm_refund");
  }

  @Test
  void refusals_do_not_extend_the_approval_deadline() {
    AgentWorkflow run = h.waitingForBilling("D-1");

    h.env.sleep(Duration.ofHours(12));
    run.decide(decision("approve", "alice", "billing"));
    awaitState(run, s -> s.ignoredSignals().size() == 1);
    h.env.sleep(Duration.ofHours(12).plusMinutes(30));
    RunState escalated = awaitState(run, s -> s.approvals().get(0).escalated());

    assertThat(escalated.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(escalated.pendingApproval().escalatedTo()).isEqualTo("billing-lead");
    assertThat(h.audit.ofKind("escalation")).hasSize(1);
    run.decide(h.signed(run, "approve", "carol", "billing-lead"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void the_attestation_carries_what_a_connector_needs_to_verify_the_signature_for_this_run_only() {
    AgentWorkflow run = h.waitingForBilling("V-1");
    run.decide(h.signed(run, "approve", "alice", "billing"));
    RunState end = h.result(run);

    Attestation attestation = h.actions.effects.get(end.workflowId() + "/refund").attestation();
    String signature = attestation.signature().signature();
    var forThisRun =
        attestation.signature().statement(end.workflowId(), attestation.stepId(), "alice");
    var forAnotherRun =
        attestation.signature().statement("support-triage/X-9", attestation.stepId(), "alice");
    var forAnotherApprover =
        attestation.signature().statement(end.workflowId(), attestation.stepId(), "mallory");

    assertThat(ApprovalKeys.verify(h.approvals.trustedKey(), forThisRun, signature)).isTrue();
    assertThat(ApprovalKeys.verify(h.approvals.trustedKey(), forAnotherRun, signature)).isFalse();
    assertThat(ApprovalKeys.verify(h.approvals.trustedKey(), forAnotherApprover, signature))
        .isFalse();
  }
}
