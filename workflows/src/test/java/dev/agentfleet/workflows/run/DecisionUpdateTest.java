package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitWaiting;
import static dev.agentfleet.workflows.run.WorkflowTestHarness.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.playbook.Playbook;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 5: a decision, a dead-letter answer and an event sent as updates get the run's
 * answer in the same call. The validator refuses at once, with the reason and without a trace in
 * the run, what the run would ignore; the execution plane still verifies every signature, and a
 * decision it refuses is answered "refused" with its reason. The signals stay accepted.
 */
class DecisionUpdateTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  /** A run of a small playbook whose approval allows no edits, waiting on it. */
  private AgentWorkflow waitingOnAPlainApproval(String recordId) {
    Playbook playbook =
        WorkflowTestHarness.ticketPlaybook(
            "plain",
            """
            - id: check
              kind: approval
              purpose: A person looks at the ticket
              role: billing
              summary: "Ticket from {{input.from}}"
              deadline: PT24H
              onApprove: done
              onReject: stopped
            - {id: done, kind: end, status: completed, reason: approved}
            - {id: stopped, kind: end, status: rejected, reason: rejected}
            """);
    AgentWorkflow run = h.start(recordId, playbook);
    assertThat(awaitWaiting(run).pendingApproval().stepId()).isEqualTo("check");
    return run;
  }

  /** A run of a small playbook whose last action fails for good and is dead-lettered. */
  private AgentWorkflow deadLettered(String recordId) {
    h.actions.failAlways("send");
    h.model.answer("extract", Map.of("amount", 20));
    Playbook playbook =
        WorkflowTestHarness.ticketPlaybook(
            "parked",
            """
            - id: extract
              kind: model
              purpose: Extract the amount
              tier: small
              task: extract
              prompt: "{{input.body}}"
              output: {type: object, required: [amount], properties: {amount: {type: number}}}
              next: confirm
            - id: confirm
              kind: action
              connector: mailer
              operation: send
              params: {to: "{{input.from}}", body: "noted"}
              onFailure: {retry: {maxAttempts: 1}, then: dead-letter}
              next: done
            - {id: done, kind: end, status: completed, reason: confirmed}
            """);
    AgentWorkflow run = h.start(recordId, playbook);
    assertThat(awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED).deadLetter().stepId())
        .isEqualTo("confirm");
    return run;
  }

  /** The reason the update's validator gave, failing the test when it let the update in. */
  private static String refusalOf(ThrowingCallable update) {
    WorkflowUpdateException refused = catchThrowableOfType(WorkflowUpdateException.class, update);
    assertThat(refused).as("the update was refused").isNotNull();
    assertThat(refused.getCause()).isInstanceOf(ApplicationFailure.class);
    return ((ApplicationFailure) refused.getCause()).getOriginalMessage();
  }

  private static ApprovalDecision changed(
      ApprovalDecision d, String stepId, String verdict, long requestedAt, String role) {
    return new ApprovalDecision(
        stepId,
        verdict,
        d.approver(),
        d.roles(),
        d.comment(),
        d.workflowId(),
        requestedAt,
        d.keyId(),
        d.signedAt(),
        d.signature(),
        d.values(),
        role);
  }

  @Test
  void a_signed_decision_sent_as_an_update_is_answered_accepted_with_what_it_led_to() {
    AgentWorkflow run = h.waitingForBilling("UP-1");
    RunState waiting = run.state();

    RunReply reply =
        run.decision(
            h.approvals.signBound(
                waiting.workflowId(),
                waiting.pendingApproval(),
                "approve",
                "alice",
                List.of("billing", "support")));

    assertThat(reply.accepted()).isTrue();
    assertThat(reply.message())
        .isEqualTo("approved step billing_approval as alice; the run goes on");
    assertThat(reply.status()).isNotEqualTo(RunStatus.WAITING_APPROVAL);
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals().get(0).decidedBy()).isEqualTo("alice");
    assertThat(end.ignoredSignals()).isEmpty();
    assertThat(h.approvals.checks).as("the signature was verified once").hasSize(1);
    assertThat(h.actions.effects.get(end.workflowId() + "/refund").attestation().principal())
        .isEqualTo("alice");
    h.exportHistory(run, "support-triage-approved-by-update");
  }

  @Test
  void the_validator_refuses_what_the_run_would_ignore_at_once_and_leaves_no_trace() {
    AgentWorkflow run = h.waitingForBilling("UP-2");
    ApprovalDecision signed = h.signed(run, "approve", "alice", "billing");
    long opened = signed.requestedAt();
    Map<ApprovalDecision, String> cases = new LinkedHashMap<>();
    cases.put(
        changed(signed, "refund", "approve", opened, null),
        "step 'refund' is not waiting; 'billing_approval' is");
    cases.put(
        changed(signed, "billing_approval", "maybe", opened, null),
        "decision must be approve, reject or edit, got 'maybe'");
    cases.put(
        changed(signed, "billing_approval", "edit", opened, null),
        "an edit needs the edited values");
    cases.put(
        new ApprovalDecision("billing_approval", "approve", " ", List.of("billing"), null),
        "a decision needs the approver's name");
    cases.put(
        decision("approve", "mallory", "support"),
        "mallory holds [support] but this step needs one of [billing]");
    cases.put(
        decision("approve", "alice", "billing"),
        "unsigned decision: approvals must be signed by the approvers' side (./fleet approve or"
            + " ./fleet reject); routed to review, the approval stays open");
    cases.put(
        changed(signed, "billing_approval", "approve", opened, "support"),
        "signed in role 'support', which may not decide step billing_approval; the approval stays"
            + " open");
    cases.put(
        changed(signed, null, "approve", opened, null),
        "a decision must name the step it answers (stepId); 'billing_approval' waits");
    cases.put(
        changed(signed, "billing_approval", "approve", opened - 1, null),
        "the decision answers the request opened at "
            + (opened - 1)
            + ", but the one waiting on 'billing_approval' was opened at "
            + opened);

    cases.forEach(
        (sent, reason) ->
            assertThat(refusalOf(() -> run.decision(sent))).as("%s", sent).isEqualTo(reason));
    Map<String, Object> wrongTypes = new LinkedHashMap<>();
    wrongTypes.put("stepId", "billing_approval");
    wrongTypes.put("decision", "approve");
    wrongTypes.put("approver", "mallory");
    wrongTypes.put("requestedAt", "yesterday");
    assertThat(
            refusalOf(
                () ->
                    WorkflowStub.fromTyped(run)
                        .update(AgentWorkflow.DECISION, RunReply.class, wrongTypes)))
        .isEqualTo(
            "malformed decision: requestedAt must be a whole number, got the text \"yesterday\"");

    RunState after = run.state();
    assertThat(after.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(after.ignoredSignals()).as("a refused update leaves no trace in the run").isEmpty();
    assertThat(h.approvals.checks).as("nothing refused was sent to be verified").isEmpty();
    assertThat(run.decision(signed).accepted()).isTrue();
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void an_edit_of_a_step_that_allows_none_is_refused() {
    AgentWorkflow run = waitingOnAPlainApproval("UP-3");
    RunState waiting = run.state();
    ApprovalDecision edit =
        h.approvals.signEdit(
            waiting.workflowId(),
            waiting.pendingApproval(),
            "alice",
            List.of("billing"),
            Map.of("amount", 10));

    assertThat(refusalOf(() -> run.decision(edit)))
        .isEqualTo("step 'check' allows no edits; approve or reject it");
    RunReply rejected = run.decision(h.signed(run, "reject", "alice", "billing"));
    assertThat(rejected.accepted()).isTrue();
    assertThat(rejected.message()).startsWith("rejected step check as alice");
    assertThat(h.result(run).status()).isEqualTo(RunStatus.REJECTED);
  }

  @Test
  void a_signature_the_execution_plane_refuses_is_answered_refused_and_the_approval_stays_open() {
    AgentWorkflow run = h.waitingForBilling("UP-4");
    RunState waiting = run.state();
    ApprovalDecision forged = FakeApprovalActivities.forged(waiting);

    RunReply reply = run.decision(forged);

    assertThat(reply.accepted()).isFalse();
    assertThat(reply.message()).isEqualTo("signature refused: bad signature");
    assertThat(reply.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(reply.step()).isEqualTo("billing_approval");
    RunState refused = run.state();
    assertThat(refused.ignoredSignals())
        .as("recorded in the run, as a refused signal is")
        .singleElement()
        .extracting(IgnoredSignal::reason)
        .isEqualTo("signature refused: bad signature");
    assertThat(h.audit.ofKind("approval-refused")).hasSize(1);
    assertThat(h.actions.attempts).isEmpty();
    assertThat(run.decision(h.signed(run, "approve", "alice", "billing")).accepted()).isTrue();
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void of_two_decisions_on_one_request_the_second_is_refused() {
    AgentWorkflow run = h.waitingForBilling("UP-5");
    ApprovalDecision alice = h.signed(run, "approve", "alice", "billing");
    ApprovalDecision carol = h.signed(run, "reject", "carol", "billing");
    WorkflowStub stub = WorkflowStub.fromTyped(run);
    UpdateOptions<RunReply> options =
        UpdateOptions.newBuilder(RunReply.class)
            .setUpdateName(AgentWorkflow.DECISION)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();

    WorkflowUpdateHandle<RunReply> first = stub.startUpdate(options, alice);
    String second;
    try {
      RunReply reply = stub.startUpdate(options, carol).getResultAsync().join();
      assertThat(reply.accepted()).as("carol's decision came second").isFalse();
      second = reply.message();
    } catch (WorkflowUpdateException | CompletionException refusedAtOnce) {
      Throwable refusal =
          refusedAtOnce instanceof CompletionException ? refusedAtOnce.getCause() : refusedAtOnce;
      assertThat(refusal).isInstanceOf(WorkflowUpdateException.class);
      second = ((ApplicationFailure) refusal.getCause()).getOriginalMessage();
    }

    assertThat(first.getResultAsync().join().accepted()).isTrue();
    assertThat(second).isIn("already decided by alice", "no approval is waiting in this run");
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals())
        .singleElement()
        .extracting(ApprovalRecord::decidedBy)
        .isEqualTo("alice");
  }

  @Test
  void a_dead_letter_answer_sent_as_an_update_is_refused_or_answered_with_what_the_run_does() {
    AgentWorkflow approval = h.waitingForBilling("UP-6");
    AgentWorkflow run = deadLettered("UP-7");

    assertThat(refusalOf(() -> run.dlqAnswer(new DeadLetterAction("again", "ops", null))))
        .isEqualTo("a dlq answer must be retry, skip or abort");
    assertThat(refusalOf(() -> run.dlqAnswer(new DeadLetterAction("retry", " ", null))))
        .isEqualTo("a dlq answer needs the operator's name");
    assertThat(refusalOf(() -> approval.dlqAnswer(new DeadLetterAction("retry", "ops", null))))
        .isEqualTo("the run is not dead-lettered");
    assertThat(refusalOf(() -> run.decision(decision("approve", "alice", "billing"))))
        .isEqualTo("no approval is waiting in this run");
    assertThat(run.state().ignoredSignals()).isEmpty();

    h.actions.recover("send");
    RunReply reply = run.dlqAnswer(new DeadLetterAction("retry", "ops", "mail server fixed"));

    assertThat(reply.accepted()).isTrue();
    assertThat(reply.message()).isEqualTo("retrying step confirm for ops");
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.audit.ofKind("dead-letter-retry")).hasSize(1);
    h.exportHistory(run, "dead-letter-retried-by-update");
  }

  @Test
  void an_abort_the_run_ends_on_still_gets_its_answer() {
    AgentWorkflow run = deadLettered("UP-8");

    RunReply reply = run.dlqAnswer(new DeadLetterAction("abort", "ops", "customer left"));

    assertThat(reply.accepted()).isTrue();
    assertThat(reply.message()).isEqualTo("aborted the run at step confirm for ops");
    assertThat(reply.status()).isEqualTo(RunStatus.FAILED);
    assertThat(reply.step()).isNull();
    assertThat(h.result(run).outcome()).contains("aborted from the dead-letter queue by ops");
  }

  @Test
  void an_event_sent_as_an_update_is_recorded_and_one_without_a_name_refused() {
    AgentWorkflow run = h.waitingForBilling("UP-9");

    assertThat(refusalOf(() -> run.deliverEvent(new RunEvent(" ", Map.of(), "crm", 0))))
        .isEqualTo("an event needs a name");
    RunReply reply = run.deliverEvent(new RunEvent("replied", Map.of("text", "hi"), "crm", 0));

    assertThat(reply.accepted()).isTrue();
    assertThat(reply.message()).isEqualTo("recorded event 'replied'");
    assertThat(run.state().events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("replied");
              assertThat(e.sender()).isEqualTo("crm");
            });
  }

  @Test
  void the_signals_are_still_taken_beside_the_updates() {
    AgentWorkflow approval = h.waitingForBilling("UP-10");
    approval.decide(decision("approve", "alice", "billing"));
    awaitState(approval, s -> s.ignoredSignals().size() == 1);
    approval.decide(h.signed(approval, "approve", "alice", "billing"));
    assertThat(h.result(approval).status()).isEqualTo(RunStatus.COMPLETED);

    AgentWorkflow parked = deadLettered("UP-11");
    parked.event(new RunEvent("", Map.of(), "crm", 0));
    awaitState(parked, s -> s.ignoredSignals().size() == 1);
    parked.deadLetter(new DeadLetterAction("skip", "ops", null));

    RunState skipped = h.result(parked);
    assertThat(skipped.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(skipped.ignoredSignals())
        .extracting(IgnoredSignal::reason)
        .containsExactly("an event needs a name");
  }
}
