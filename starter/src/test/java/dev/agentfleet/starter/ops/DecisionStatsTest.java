package dev.agentfleet.starter.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionStatsTest {

  @Test
  void rates_are_shares_of_decided_approvals_and_of_ended_runs() {
    // given four decisions (2 approved unchanged, 1 edited, 1 rejected), one pending,
    // and one rollback among four ended runs
    List<RunState> runs =
        List.of(
            run(RunStatus.COMPLETED, cost(2, 1, 0.02), approval("approved", 1_000, 11_000)),
            run(RunStatus.COMPLETED, cost(2, 0, 0.04), approval("approved", 1_000, 61_000)),
            run(RunStatus.COMPLETED, cost(1, 0, 0.01), approval("edited", 0, 0 + 1_000)),
            run(RunStatus.ROLLED_BACK, cost(3, 1, 0.03), approval("rejected", 5_000, 35_000)),
            run(RunStatus.WAITING_APPROVAL, cost(2, 0, 0.02), approval("pending", 9_000, 0)));

    DecisionStats stats = DecisionStats.of(runs);

    assertThat(stats.runs()).isEqualTo(5);
    assertThat(stats.byStatus())
        .containsExactly(
            Map.entry("completed", 3),
            Map.entry("rolled-back", 1),
            Map.entry("waiting-approval", 1));
    assertThat(stats.decided()).isEqualTo(4);
    assertThat(stats.pending()).isEqualTo(1);
    assertThat(stats.acceptanceRate()).isEqualTo(0.5);
    assertThat(stats.editRate()).isEqualTo(0.25);
    assertThat(stats.rejectionRate()).isEqualTo(0.25);
    assertThat(stats.terminalRuns()).isEqualTo(4);
    assertThat(stats.rolledBack()).isEqualTo(1);
    assertThat(stats.rollbackRate()).isEqualTo(0.25);
    assertThat(stats.modelCalls()).isEqualTo(10);
    assertThat(stats.cacheHits()).isEqualTo(2);
    assertThat(stats.cacheHitRate()).isEqualTo(0.2);
    assertThat(stats.costUsd()).isCloseTo(0.12, within(1e-9));
    assertThat(stats.costPerRunUsd()).isCloseTo(0.024, within(1e-9));
  }

  @Test
  void time_to_decision_is_median_and_p90_of_decided_approvals_only() {
    // decision times 1s, 10s, 30s, 60s; the edited one was requested at 0 (unknown) and is skipped
    List<RunState> runs = new ArrayList<>();
    for (long seconds : new long[] {10, 60, 1, 30}) {
      runs.add(run(RunStatus.COMPLETED, null, approval("approved", 1_000, 1_000 + seconds * 1000)));
    }
    runs.add(run(RunStatus.COMPLETED, null, approval("edited", 0, 5_000)));
    runs.add(run(RunStatus.WAITING_APPROVAL, null, approval("pending", 1_000, 0)));

    DecisionStats stats = DecisionStats.of(runs);

    assertThat(stats.medianDecisionMillis()).isEqualTo(10_000);
    assertThat(stats.p90DecisionMillis()).isEqualTo(60_000);
  }

  @Test
  void dead_letters_are_counted_and_empty_sets_give_no_rates() {
    RunState parked =
        withDeadLetter(run(RunStatus.DEAD_LETTERED, null), new DeadLetter("refund", "E", "m", 1));

    DecisionStats one = DecisionStats.of(List.of(parked));
    DecisionStats none = DecisionStats.of(List.of());

    assertThat(one.deadLettered()).isEqualTo(1);
    assertThat(one.rollbackRate()).isNull();
    assertThat(none.runs()).isZero();
    assertThat(none.acceptanceRate()).isNull();
    assertThat(none.medianDecisionMillis()).isNull();
    assertThat(none.costPerRunUsd()).isNull();
    assertThat(none.cacheHitRate()).isNull();
  }

  @Test
  void json_keys_are_stable_and_in_order() {
    JsonNode json =
        new ObjectMapper()
            .valueToTree(DecisionStats.of(List.of(run(RunStatus.COMPLETED, cost(1, 0, 0.01)))));

    List<String> keys = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    assertThat(keys)
        .containsExactly(
            "runs",
            "byStatus",
            "decided",
            "approved",
            "edited",
            "rejected",
            "pending",
            "acceptanceRate",
            "editRate",
            "rejectionRate",
            "medianDecisionMillis",
            "p90DecisionMillis",
            "terminalRuns",
            "rolledBack",
            "rollbackRate",
            "deadLettered",
            "modelCalls",
            "costUsd",
            "costPerRunUsd",
            "cacheHits",
            "cacheHitRate");
  }

  static CostAccount cost(long calls, long hits, double usd) {
    return new CostAccount(calls, 100 * calls, 10 * calls, usd, hits, 5 * calls);
  }

  static ApprovalRecord approval(String status, long requestedAt, long decidedAt) {
    return new ApprovalRecord(
        "approve",
        "billing",
        status,
        "alice",
        null,
        requestedAt,
        requestedAt + 86_400_000L,
        decidedAt,
        false);
  }

  static RunState run(RunStatus status, CostAccount cost, ApprovalRecord... approvals) {
    return new RunState(
        "support-triage/T-1",
        "support-triage",
        "h",
        "T-1",
        "s",
        status,
        null,
        null,
        null,
        Map.of(),
        List.of(),
        List.of(),
        List.of(approvals),
        null,
        List.of(),
        List.of(),
        List.of(),
        cost,
        null,
        null,
        List.of(),
        List.of());
  }

  static RunState withDeadLetter(RunState s, DeadLetter deadLetter) {
    return new RunState(
        s.workflowId(),
        s.agent(),
        s.definitionHash(),
        s.recordId(),
        s.subject(),
        s.status(),
        s.currentStep(),
        s.category(),
        s.confidence(),
        s.outputs(),
        s.steps(),
        s.decisions(),
        s.approvals(),
        s.pendingApproval(),
        s.actions(),
        s.ignoredSignals(),
        s.errors(),
        s.cost(),
        s.outcome(),
        deadLetter,
        s.rollbacks(),
        s.events());
  }
}
