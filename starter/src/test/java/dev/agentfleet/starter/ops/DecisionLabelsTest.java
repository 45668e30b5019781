package dev.agentfleet.starter.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLabelsTest {

  private static ApprovalRecord decided(String status, long at) {
    return new ApprovalRecord("gate", "support", status, "ana", null, 1, 2, at, false);
  }

  private static RunState run(
      String id,
      String category,
      Double confidence,
      Map<String, Object> classify,
      ApprovalRecord... approvals) {
    return new RunState(
        id,
        "support-triage",
        "h",
        "rec-" + id,
        null,
        RunStatus.COMPLETED,
        null,
        category,
        confidence,
        classify == null ? Map.of() : Map.of("classify", classify),
        List.of(),
        List.of(),
        List.of(approvals),
        null,
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        null,
        List.of(),
        List.of());
  }

  @Test
  void approved_unchanged_is_right_edited_or_rejected_is_wrong_and_undecided_runs_say_nothing() {
    List<RunState> runs =
        List.of(
            run("1", "refund", 0.9, null, decided("approved", 100)),
            // The edit changed the classify step's category: the edited value is the right label.
            run("2", "refund", 0.8, Map.of("category", "billing"), decided("edited", 200)),
            // An edit of something else says the proposal was wrong, not what was right.
            run("3", "refund", 0.7, Map.of("category", "refund"), decided("edited", 300)),
            run("4", "spam", 0.95, null, decided("rejected", 400)),
            run("5", "spam", 0.99, null, decided("pending", 0)),
            run("6", "other", 0.99, null),
            run("7", null, null, null, decided("approved", 500)),
            run("8", "refund", 0.6, null, decided("approved", 600), decided("rejected", 700)));

    List<DecisionLabels.Judged> judged = DecisionLabels.of(runs, "classify", null);

    assertThat(judged)
        .extracting(DecisionLabels.Judged::workflowId)
        .containsExactly("1", "2", "3", "4", "8");
    assertThat(judged)
        .extracting(DecisionLabels.Judged::label)
        .containsExactly("refund", "billing", "(unknown)", "(unknown)", "(unknown)");
    assertThat(judged)
        .extracting(DecisionLabels.Judged::decision)
        .containsExactly("approved", "edited", "edited", "rejected", "rejected");
    assertThat(judged.get(4).decidedAt()).isEqualTo(700);
    assertThat(judged)
        .extracting(j -> j.prediction().correct())
        .containsExactly(true, false, false, false, false);
  }

  @Test
  void since_keeps_decisions_taken_at_or_after_it() {
    List<RunState> runs =
        List.of(
            run("old", "refund", 0.9, null, decided("approved", 1_000)),
            run("new", "refund", 0.9, null, decided("approved", 5_000)));
    assertThat(DecisionLabels.of(runs, "classify", Instant.ofEpochMilli(5_000)))
        .extracting(DecisionLabels.Judged::workflowId)
        .containsExactly("new");
  }

  @Test
  void stats_calibration_is_the_shared_ece_and_the_bands_over_decided_proposals() {
    // 0.9 right, 0.9 wrong (both in bin 13 [13/15, 14/15)): accuracy 0.5, confidence 0.9 -> ECE
    // 0.4.
    DecidedCalibration c =
        DecidedCalibration.of(
            List.of(
                run("1", "refund", 0.9, null, decided("approved", 1)),
                run("2", "refund", 0.9, null, decided("rejected", 1))));
    assertThat(c.decided()).isEqualTo(2);
    assertThat(c.ece()).isCloseTo(0.4, within(1e-12));
    assertThat(c.bands().get(3).decided()).isEqualTo(2);
    assertThat(c.bands().get(3).acceptanceRate()).isEqualTo(0.5);
  }
}
