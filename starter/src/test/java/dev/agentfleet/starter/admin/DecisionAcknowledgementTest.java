package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.RunState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionAcknowledgementTest {

  private static final ApprovalRequest REQUEST =
      FakeFleetRuns.request("billing_approval", "billing", 1_000, null);

  @Test
  void an_approval_that_closed_is_accepted() {
    FakeFleetRuns runs = new FakeFleetRuns().waiting("a/1", "s", REQUEST);
    RunState before = runs.state("a/1");
    runs.decide("a/1", new ApprovalDecision(null, "approve", "alice", List.of(), null));

    assertThat(DecisionAcknowledgement.judge(before, runs.state("a/1")))
        .containsInstanceOf(DecisionAcknowledgement.Accepted.class);
    assertThat(DecisionAcknowledgement.judge(before, before)).isEmpty();
  }

  @Test
  void a_recorded_ignored_signal_is_reported_with_its_reason() {
    FakeFleetRuns runs = new FakeFleetRuns().waiting("a/1", "s", REQUEST);
    RunState before = runs.state("a/1");
    runs.ignoreDecisions("unsigned decision");
    runs.decide("a/1", new ApprovalDecision(null, "approve", "alice", List.of(), null));

    assertThat(DecisionAcknowledgement.judge(before, runs.state("a/1")))
        .hasValueSatisfying(
            outcome ->
                assertThat(((DecisionAcknowledgement.Ignored) outcome).signal().reason())
                    .isEqualTo("unsigned decision"));
  }

  @Test
  void a_run_that_does_not_act_in_time_is_unacknowledged() {
    FakeFleetRuns runs = new FakeFleetRuns().waiting("a/1", "s", REQUEST);
    RunState before = runs.state("a/1");

    DecisionAcknowledgement.Outcome outcome =
        DecisionAcknowledgement.await(
            () -> runs.state("a/1"), before, Duration.ofMillis(50), Thread::onSpinWait);

    assertThat(outcome).isInstanceOf(DecisionAcknowledgement.Unacknowledged.class);
  }
}
