package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each failure policy, on a small playbook: a model step, a refund with a compensation, then a
 * confirmation whose policy each test sets, against fake connectors that can be taken down and
 * brought back.
 */
class FailurePolicyTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  /** The test playbook, with {@code policy} as the confirmation step's onFailure. */
  private static Playbook playbook(String policy) {
    String yaml =
        """
        name: policies
        input:
          - {name: id, type: string, required: true}
          - {name: from, type: string, required: true}
          - {name: subject, type: string, required: true}
          - {name: body, type: string, required: true}
        steps:
          - id: extract
            kind: model
            purpose: Extract the amount
            tier: small
            task: extract
            prompt: "{{input.body}}"
            output: {type: object, required: [amount], properties: {amount: {type: number}}}
            next: gate
          - id: gate
            kind: route
            rules:
              - {name: small_refund, when: "steps.extract.amount <= 50", next: refund, autoApprove: true}
            otherwise: done
          - id: refund
            kind: action
            connector: payments
            operation: refund
            params: {amount: "{{steps.extract.amount}}", currency: USD}
            compensate:
              connector: payments
              operation: reverse-refund
              params: {refundId: "{{steps.refund.id}}"}
            next: confirm
          - id: confirm
            kind: action
            connector: mailer
            operation: send
            params: {to: "{{input.from}}", body: "refunded"}
            onFailure: %s
            next: done
          - {id: done, kind: end, status: completed, reason: confirmed}
        """
            .formatted(policy);
    return PlaybookParser.parse(yaml, "policies.yaml");
  }

  private AgentWorkflow start(String id, String policy) {
    h.model.answer("extract", Map.of("amount", 20));
    return h.start(id, playbook(policy));
  }

  @Test
  void dead_letters_then_completes_once_after_the_fault_is_fixed_and_retried() {
    h.actions.failAlways("send");
    AgentWorkflow run = start("DL-1", "{retry: {maxAttempts: 2}, then: dead-letter}");

    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);
    assertThat(parked.deadLetter().stepId()).isEqualTo("confirm");
    assertThat(parked.deadLetter().message()).contains("connector is down");

    run.deadLetter(new DeadLetterAction("skip-please", "ops", null));
    h.actions.recover("send");
    run.deadLetter(new DeadLetterAction(DeadLetterAction.RETRY, "ops", "mail server fixed"));

    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.deadLetter()).isNull();
    assertThat(end.ignoredSignals())
        .extracting(IgnoredSignal::reason)
        .anyMatch(r -> r.contains("retry, skip or abort"));
    assertThat(h.actions.effects.keySet())
        .containsExactlyInAnyOrder(end.workflowId() + "/refund", end.workflowId() + "/confirm");
    assertThat(h.audit.ofKind("dead-letter")).hasSize(1);
    assertThat(h.audit.ofKind("dead-letter-retry")).hasSize(1);
    h.exportHistory(run, "policies-dead-letter-retry");
  }

  @Test
  void a_dead_lettered_run_can_be_skipped_or_aborted() {
    h.actions.failAlways("send");
    AgentWorkflow skipped = start("DL-2", "{retry: {maxAttempts: 1}, then: dead-letter}");
    AgentWorkflow aborted = start("DL-3", "{retry: {maxAttempts: 1}, then: dead-letter}");
    awaitState(skipped, s -> s.status() == RunStatus.DEAD_LETTERED);
    awaitState(aborted, s -> s.status() == RunStatus.DEAD_LETTERED);

    skipped.deadLetter(new DeadLetterAction(DeadLetterAction.SKIP, "ops", "sent by hand"));
    aborted.deadLetter(new DeadLetterAction(DeadLetterAction.ABORT, "ops", "customer left"));

    RunState skippedEnd = h.result(skipped);
    assertThat(skippedEnd.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(skippedEnd.steps())
        .anySatisfy(s -> assertThat(s.stepId() + "=" + s.outcome()).isEqualTo("confirm=skipped"));
    RunState abortedEnd = h.result(aborted);
    assertThat(abortedEnd.status()).isEqualTo(RunStatus.FAILED);
    assertThat(abortedEnd.outcome()).contains("aborted from the dead-letter queue by ops");
  }

  @Test
  void compensates_completed_actions_in_reverse_and_ends_rolled_back() {
    h.actions.failAlways("send");
    RunState end = h.result(start("CP-1", "{retry: {maxAttempts: 1}, then: compensate}"));

    assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(end.rollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stepId()).isEqualTo("refund");
              assertThat(r.operation()).isEqualTo("reverse-refund");
              assertThat(r.outcome()).isEqualTo("ok");
            });
    ActionRequest reversal = h.actions.effects.get(end.workflowId() + "/refund/compensate");
    assertThat(reversal.params()).containsEntry("refundId", "id-refund");
    assertThat(h.audit.ofKind("rollback")).hasSize(1);
  }

  @Test
  void skip_records_the_step_and_continues() {
    h.actions.failAlways("send");
    RunState end = h.result(start("SK-1", "{retry: {maxAttempts: 1}, then: skip}"));
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.errors()).extracting(RunError::stepId).containsExactly("confirm");
  }

  @Test
  void alert_notifies_and_stops_the_run_when_told_to() {
    h.actions.failAlways("send");
    RunState end =
        h.result(
            start(
                "AL-1",
                "{retry: {maxAttempts: 1}, then: alert, alert: {channel: mail, to: ops@example.com, stop: true}}"));
    assertThat(end.status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.actions.attempts)
        .filteredOn(a -> a.operation().equals("notify"))
        .singleElement()
        .satisfies(a -> assertThat(a.params()).containsEntry("to", "ops@example.com"));
  }

  @Test
  void escalate_opens_a_review_whose_approval_retries_the_step() {
    h.actions.failAlways("send");
    AgentWorkflow run = start("ES-1", "{retry: {maxAttempts: 1}, then: escalate, role: support}");
    RunState review = awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    assertThat(review.pendingApproval().stepId()).isEqualTo("confirm:review");
    assertThat(review.pendingApproval().summary()).contains("failed for good");

    h.actions.recover("send");
    run.decide(h.signed(run, "approve", "dave", "support"));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void a_model_step_without_a_policy_escalates_by_default() {
    h.model.violate("extract", "amount missing");
    AgentWorkflow run = h.start("ES-2", playbook("{then: skip}"));
    RunState review = awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    assertThat(review.pendingApproval().stepId()).isEqualTo("extract:review");

    run.decide(h.signed(run, "reject", "dave", "support"));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.FAILED);
    assertThat(end.outcome()).contains("stopped by a reviewer");
  }

  @Test
  void an_action_without_a_policy_is_dead_lettered_by_default() {
    h.actions.failAlways("refund");
    h.model.answer("extract", Map.of("amount", 20));
    AgentWorkflow run = h.start("DL-4", playbook("{then: skip}"));
    // the refund has no policy: the default for actions applies after its retries
    h.env.sleep(Duration.ofMinutes(10));
    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);
    assertThat(parked.deadLetter().stepId()).isEqualTo("refund");
    assertThat(parked.status().terminal()).isFalse();
    run.deadLetter(new DeadLetterAction(DeadLetterAction.ABORT, "ops", null));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void a_run_sent_an_invalid_definition_fails_before_any_step_and_names_the_problem() {
    AgentDefinition broken =
        new AgentDefinition(
            "broken",
            null,
            List.of(),
            null,
            null,
            null,
            List.of(
                new RouteStep(
                    "route",
                    null,
                    List.of(new RouteRule("bad", "steps.x.y >", "done", false)),
                    "nowhere"),
                new EndStep("done", null, RunStatus.COMPLETED, "done")));
    RunState end = h.result(h.start("INV-1", new Playbook(broken, "deadbeef", "client")));

    assertThat(end.status()).isEqualTo(RunStatus.FAILED);
    assertThat(end.outcome()).startsWith("refused: the playbook is invalid");
    assertThat(end.steps()).isEmpty();
    assertThat(end.errors())
        .extracting(RunError::message)
        .anyMatch(m -> m.contains("CEL"))
        .anyMatch(m -> m.contains("'nowhere'"));
  }
}
