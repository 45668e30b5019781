package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outcome a failure policy answers with, policy by policy: where the run goes next ({@code
 * Next}), the failed step again ({@code Retry}), or nowhere ({@code Ended}, with the terminal
 * status the policy gave the run). The step {@code failing} is failed by hand in a probe workflow.
 */
class FailureOutcomeTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();
  private int runs;

  @AfterEach
  void close() {
    h.close();
  }

  private static AgentDefinition definition(String policy) {
    String yaml =
        """
        name: outcomes
        input:
          - {name: id, type: string, required: true}
        steps:
          - id: failing
            kind: action
            connector: mailer
            operation: send
            params: {to: "someone@example.com", body: "hello"}
            onFailure: %s
            next: done
          - {id: done, kind: end, status: completed, reason: done}
        """
            .formatted(policy);
    return PlaybookParser.parse(yaml, "outcomes.yaml").definition();
  }

  private FailureProbe start(String policy) {
    FailureProbe probe =
        h.client()
            .newWorkflowStub(
                FailureProbe.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("probe-" + ++runs)
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkflowClient.start(probe::fail, definition(policy), "failing");
    return probe;
  }

  private static String outcome(FailureProbe probe) {
    return WorkflowStub.fromTyped(probe).getResult(String.class);
  }

  private String outcomeOf(String policy) {
    return outcome(start(policy));
  }

  @Test
  void fail_ends_the_run_failed() {
    assertThat(outcomeOf("{then: fail}")).isEqualTo("Ended failed");
  }

  @Test
  void skip_goes_on_to_the_next_step() {
    assertThat(outcomeOf("{then: skip}")).isEqualTo("Next(done) running");
  }

  @Test
  void alert_goes_on_unless_it_says_stop() {
    assertThat(outcomeOf("{then: alert}")).isEqualTo("Next(done) running");
    assertThat(outcomeOf("{then: alert, alert: {stop: true}}")).isEqualTo("Ended failed");
  }

  @Test
  void compensate_ends_the_run_rolled_back() {
    assertThat(outcomeOf("{then: compensate}")).isEqualTo("Ended rolled-back");
  }

  @Test
  void a_dead_letter_answer_retries_skips_or_ends_the_run() {
    assertThat(deadLettered(DeadLetterAction.RETRY)).isEqualTo("Retry running");
    assertThat(deadLettered(DeadLetterAction.SKIP)).isEqualTo("Next(done) running");
    assertThat(deadLettered(DeadLetterAction.ABORT)).isEqualTo("Ended failed");
  }

  @Test
  void an_escalation_review_retries_on_approve_and_ends_the_run_on_reject() {
    assertThat(reviewed(ApprovalDecision.APPROVE)).isEqualTo("Retry running");
    assertThat(reviewed(ApprovalDecision.REJECT)).isEqualTo("Ended failed");
  }

  private String deadLettered(String answer) {
    FailureProbe probe = start("{then: dead-letter}");
    awaitState(probe::state, s -> s.status() == RunStatus.DEAD_LETTERED);
    probe.deadLetter(new DeadLetterAction(answer, "ops", null));
    return outcome(probe);
  }

  private String reviewed(String verdict) {
    FailureProbe probe = start("{then: escalate, role: support}");
    RunState waiting = awaitState(probe::state, s -> s.pendingApproval() != null);
    assertThat(waiting.pendingApproval().stepId()).isEqualTo("failing:review");
    probe.decide(
        h.approvals.sign(
            waiting.workflowId(),
            waiting.pendingApproval(),
            verdict,
            "ann",
            List.of("support"),
            "checked"));
    return outcome(probe);
  }
}
