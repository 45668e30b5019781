package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.approval.ProposedEffect;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs of the shipped support-triage playbook route refunds on the amount in USD (the rates come
 * from the workers, as data), and an approval request names the effect its approver signs for.
 */
class MoneyRoutingTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Map<String, Object> extracted(double amount, String currency) {
    Map<String, Object> out = new HashMap<>();
    out.put("orderId", "A-1");
    out.put("amount", amount);
    out.put("currency", currency);
    out.put("urgency", "normal");
    out.put("summary", "Customer wants a refund.");
    return out;
  }

  @ParameterizedTest(name = "{0} {1} goes to {2}")
  @CsvSource({
    "45,   USD, refund",
    "45,   KWD, billing_approval",
    "15,   BHD, refund",
    "40,   GBP, billing_approval",
    "4500, JPY, refund",
    "45,   CNY, refund",
    "45,   XYZ, billing_approval",
    "45,   ,    billing_approval",
  })
  void a_refund_ticket_takes_the_route_its_amount_in_usd_decides(
      double amount, String currency, String next) {
    h.ticket("refund", 0.95, extracted(amount, currency));

    AgentWorkflow run = h.start("M-" + currency + "-" + (int) amount);
    RunState state =
        awaitState(run, s -> s.decisions().stream().anyMatch(d -> d.stepId().equals("triage")));

    assertThat(state.decisions())
        .filteredOn(d -> d.stepId().equals("triage"))
        .singleElement()
        .satisfies(d -> assertThat(d.next()).isEqualTo(next));
    assertThat(state.errors())
        .as("a missing or unknown currency is guarded, not an evaluation error")
        .noneMatch(e -> e.type().equals("RuleError"));
  }

  @Test
  void
      the_billing_request_names_the_refund_its_approver_signs_for_and_the_attestation_carries_it() {
    h.ticket("refund", 0.95, extracted(45, "KWD"));
    AgentWorkflow run = h.start("M-EFFECT");
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    ApprovalRequest request = waiting.pendingApproval();

    assertThat(request.effect()).isEqualTo(new ProposedEffect("payments", "refund", "45", "KWD"));

    ApprovalDecision decision =
        h.approvals.signBound(
            waiting.workflowId(), request, "approve", "carol", List.of("billing-lead", "billing"));
    assertThat(decision.role()).as("the request's own role comes first").isEqualTo("billing");
    run.decide(decision);
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.approvals.checks.getLast().effect()).isEqualTo(request.effect());
    ActionRequest refund = h.actions.effects.get(end.workflowId() + "/refund");
    Attestation attestation = refund.attestation();
    assertThat(attestation.signature().role()).isEqualTo("billing");
    assertThat(attestation.signature().effect()).isEqualTo(request.effect());
  }

  @Test
  void billing_sets_the_currency_a_ticket_left_unclear_and_signs_the_refund_with_it() {
    Map<String, Object> dollars = extracted(20, null);
    h.ticket("refund", 0.95, dollars);
    AgentWorkflow run = h.start("M-EDIT");
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    ApprovalRequest request = waiting.pendingApproval();
    assertThat(request.stepId()).isEqualTo("billing_approval");
    assertThat(request.effect()).isEqualTo(new ProposedEffect("payments", "refund", "20", null));

    run.decide(
        h.approvals.signBound(
            waiting.workflowId(),
            request,
            ApprovalDecision.EDIT,
            "alice",
            List.of("billing"),
            Map.of("currency", "CAD")));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    ActionRequest refund = h.actions.effects.get(end.workflowId() + "/refund");
    assertThat(refund.params()).containsEntry("amount", 20.0).containsEntry("currency", "CAD");
    assertThat(refund.attestation().signature().effect())
        .isEqualTo(new ProposedEffect("payments", "refund", "20", "CAD"));
    h.exportHistory(run, "support-triage-money-in-base-edited-currency");
  }

  @Test
  void a_decision_signed_in_a_role_that_may_not_decide_is_refused() {
    h.ticket("refund", 0.95, extracted(450, "USD"));
    AgentWorkflow run = h.start("M-ROLE");
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    ApprovalRequest request = waiting.pendingApproval();
    ApprovalRequest asIfSupport =
        new ApprovalRequest(
            request.stepId(),
            "support",
            null,
            request.summary(),
            request.proposal(),
            request.confidence(),
            request.reasons(),
            request.costUsd(),
            request.requestedAt(),
            request.deadlineAt(),
            List.of(),
            request.editable(),
            request.effect());

    // bob holds billing in his claimed roles but signs in role support
    run.decide(
        h.approvals.signBound(
            waiting.workflowId(), asIfSupport, "approve", "bob", List.of("support", "billing")));
    RunState refused = awaitState(run, s -> !s.ignoredSignals().isEmpty());

    assertThat(refused.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(refused.ignoredSignals().getFirst().reason())
        .contains("signed in role 'support', which may not decide step billing_approval");
    assertThat(h.actions.attempts).isEmpty();
  }
}
