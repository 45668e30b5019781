package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.run.WorkItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An automatic action is judged by whether the record's true label leads to the same action, not by
 * whether the label matched exactly: bank-support freezes a card for both lost_or_stolen_card and
 * compromised_card, so confusing the two does not make a freeze wrong; freezing the card of someone
 * who asked when it arrives does.
 */
class ActionWarrantedTest {

  private static AgentDefinition bank;

  @BeforeAll
  static void load() throws Exception {
    bank = ShippedPlaybooks.load("bank-support").definition();
  }

  private static Outcome judge(String predicted, String truth) {
    FakeModelActivities model =
        new FakeModelActivities(
            r ->
                switch (r.stepId()) {
                  case "classify" -> Map.of("category", predicted, "confidence", 0.99);
                  case "draft_answer" -> Map.of("reply", "Thank you for asking; here is how.");
                  default -> throw new AssertionError("unexpected step " + r.stepId());
                });
    Evaluation evaluation = new Evaluation(bank, ClassifyStep.find(bank, null), model, 1, null);
    WorkItem item = new WorkItem("q-1", Map.of("id", "q-1", "text", "my card is gone"));
    return evaluation.judge(
        new DecisionPath(bank, model, null), new LabelledRecords.Labelled(2, item, truth));
  }

  @Test
  void a_confusion_between_two_labels_that_lead_to_the_same_action_still_warrants_it() {
    Outcome outcome = judge("compromised_card", "lost_or_stolen_card");
    assertThat(outcome.stop()).isEqualTo("action freeze_card");
    assertThat(outcome.prediction().correct()).isFalse();
    assertThat(outcome.actionWarranted()).isTrue();
  }

  @Test
  void an_action_the_true_label_would_not_take_is_not_warranted() {
    Outcome outcome = judge("lost_or_stolen_card", "card_arrival");
    assertThat(outcome.stop()).isEqualTo("action freeze_card");
    assertThat(outcome.actionWarranted()).isFalse();
  }

  @Test
  void a_walk_that_ends_without_an_action_has_nothing_to_warrant() {
    Outcome outcome = judge("card_arrival", "card_arrival");
    assertThat(outcome.stop()).isEqualTo("end answered");
    assertThat(outcome.actionWarranted()).isNull();
  }

  @Test
  void the_report_counts_a_freeze_right_when_it_was_warranted() {
    List<Outcome> outcomes =
        List.of(
            judge("compromised_card", "lost_or_stolen_card"),
            judge("lost_or_stolen_card", "lost_or_stolen_card"),
            judge("lost_or_stolen_card", "card_arrival"),
            judge("card_arrival", "card_arrival"));
    EvalReport report =
        EvalReport.of(
            "bank-support",
            "v",
            "classify",
            "test",
            null,
            outcomes,
            AutoActionRules.of(bank),
            0.99,
            List.of(),
            0);
    assertThat(report.autoActions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.records()).isEqualTo(3);
              assertThat(a.precision()).isEqualTo(2 / 3.0);
            });
  }
}
