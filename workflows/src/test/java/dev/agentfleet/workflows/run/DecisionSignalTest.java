package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import io.temporal.client.WorkflowStub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, the decision findings: a malformed {@code decide} signal is recorded in the run as
 * ignored with its reason (the SDK used to drop it with a log line), and a decision must name the
 * request it answers (a signed decision stripped of {@code stepId} and {@code requestedAt} used to
 * be taken for whatever approval was waiting).
 */
class DecisionSignalTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void malformed_decide_signals_are_recorded_as_ignored_with_the_reason() {
    AgentWorkflow run = h.waitingForBilling("X-1");
    WorkflowStub raw = WorkflowStub.fromTyped(run);

    // wrong types: requestedAt is not a number, roles is not a list
    Map<String, Object> wrongTypes = new LinkedHashMap<>();
    wrongTypes.put("stepId", "billing_approval");
    wrongTypes.put("decision", "approve");
    wrongTypes.put("approver", "mallory");
    wrongTypes.put("roles", "billing");
    wrongTypes.put("requestedAt", "yesterday");
    raw.signal("decide", wrongTypes);
    // not an object at all
    raw.signal("decide", "approve");

    RunState state = awaitState(run, s -> s.ignoredSignals().size() == 2);

    assertThat(state.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(state.ignoredSignals().get(0).approver()).isEqualTo("mallory");
    assertThat(state.ignoredSignals().get(0).reason())
        .startsWith("malformed decision: ")
        .contains("roles must be a list of texts, got the text \"billing\"")
        .contains("requestedAt must be a whole number, got the text \"yesterday\"");
    assertThat(state.ignoredSignals().get(1).reason())
        .isEqualTo(
            "malformed decision: expected a JSON object with the decision's fields, got the text"
                + " \"approve\"");
    assertThat(h.approvals.checks).as("nothing malformed is sent to be verified").isEmpty();

    // the run still takes a proper decision afterwards
    run.decide(h.signed(run, "approve", "alice", "billing"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void signed_decision_without_step_or_request_time_is_ignored_and_the_approval_stays_open() {
    AgentWorkflow run = h.waitingForBilling("X-2");
    ApprovalDecision signed = h.signed(run, "approve", "alice", "billing");

    // the same signature, with the fields naming the request stripped
    run.decide(strip(signed, null, signed.requestedAt()));
    run.decide(strip(signed, signed.stepId(), 0));
    RunState state = awaitState(run, s -> s.ignoredSignals().size() == 2);

    assertThat(state.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(state.ignoredSignals().get(0).reason())
        .isEqualTo("a decision must name the step it answers (stepId); 'billing_approval' waits");
    assertThat(state.ignoredSignals().get(1).reason())
        .startsWith("a decision must name the request it answers (requestedAt");
    assertThat(h.actions.attempts).isEmpty();

    run.decide(signed);
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals().get(0).decidedBy()).isEqualTo("alice");
    h.exportHistory(run, "support-triage-decision-without-request-ignored");
  }

  private static ApprovalDecision strip(ApprovalDecision d, String stepId, long requestedAt) {
    return new ApprovalDecision(
        stepId,
        d.decision(),
        d.approver(),
        List.copyOf(d.roles()),
        d.comment(),
        d.workflowId(),
        requestedAt,
        d.keyId(),
        d.signedAt(),
        d.signature(),
        d.values());
  }
}
