package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The support-triage playbook's guarded billing adjustment (an approver's edit, then an action the
 * connector allows only with the signed human decision) and its compensation (a refund the customer
 * cannot be told about is reversed).
 */
class SupportTriagePoliciesTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Map<String, Object> extracted(double amount) {
    return Map.of(
        "orderId",
        "B-7781",
        "amount",
        amount,
        "currency",
        "EUR",
        "urgency",
        "normal",
        "summary",
        "The customer was overcharged.");
  }

  @Test
  void a_billing_adjustment_waits_for_billing_and_credits_the_edited_amount_with_its_signature() {
    h.ticket("billing", 0.91, extracted(63.0));
    AgentWorkflow run = h.start("B-1");
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(waiting.pendingApproval().stepId()).isEqualTo("adjustment_approval");
    assertThat(waiting.pendingApproval().editable()).isNotNull();

    run.decide(
        h.approvals.signEdit(
            waiting.workflowId(),
            waiting.pendingApproval(),
            "carol",
            List.of("billing"),
            Map.of("amount", 21.0)));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.outcome()).isEqualTo("billing adjustment credited");
    ActionRequest adjust = h.actions.effects.get(end.workflowId() + "/adjust");
    assertThat(adjust.operation()).isEqualTo("adjust");
    assertThat(adjust.params()).containsEntry("amount", 21.0).containsEntry("currency", "EUR");
    assertThat(adjust.attestation().principal()).isEqualTo("carol");
    assertThat(adjust.attestation().signature().valuesSha256()).isNotNull();
    h.exportHistory(run, "support-triage-billing-adjustment-edited");
  }

  @Test
  void a_refund_the_customer_cannot_be_told_about_is_reversed_and_the_run_rolled_back() {
    h.ticket("refund", 0.95, extracted(30.0));
    h.actions.failAlways("send");
    AgentWorkflow run = h.start("C-1");
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(end.rollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stepId()).isEqualTo("refund");
              assertThat(r.operation()).isEqualTo("reverse-refund");
            });
    assertThat(h.actions.effects.keySet())
        .containsExactlyInAnyOrder(
            end.workflowId() + "/refund", end.workflowId() + "/refund/compensate");
    assertThat(h.audit.ofKind("rollback")).hasSize(1);
    h.exportHistory(run, "support-triage-refund-compensated");
  }
}
