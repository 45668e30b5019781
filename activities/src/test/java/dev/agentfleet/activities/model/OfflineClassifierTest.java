package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineClassifierTest {

  private static ModelActivitiesImpl activities;

  @BeforeAll
  static void loadModel() {
    activities =
        ModelActivitiesImpl.builder(ModelConfig.offline())
            .provider(new OfflineModelProvider(SharedEmbeddingModel.get()))
            .build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          refund    | Refund request: I was charged twice for order ORD-5521, please give me my money back.
          spam      | You are a lucky winner!!! Claim your prize at http://win.example now, limited offer
          technical | Login broken: after the update the app shows a blank screen and error code 500.
          shipping  | My delivery is late: the courier says the parcel is stuck in customs, where is it?
          """)
  void puts_clear_tickets_on_their_label_with_high_confidence(String label, String text) {
    ModelResponse response = activities.complete(SupportFixtures.classify(text));

    assertThat(response.output()).containsEntry("category", label);
    assertThat((Double) response.output().get("confidence")).isBetween(0.6, 1.0);
    assertThat(response.provider()).isEqualTo("offline");
    assertThat(response.model()).isEqualTo("all-minilm-l6-v2");
    assertThat(response.costUsd()).isZero();
    assertThat(response.inputTokens()).isPositive();
  }

  @Test
  void is_less_confident_about_an_ambiguous_ticket_than_a_clear_one() {
    ModelResponse clear =
        activities.complete(
            SupportFixtures.classify(
                "Where is my parcel? The tracking number has not moved for a week."));
    ModelResponse ambiguous =
        activities.complete(
            SupportFixtures.classify(
                "The package came but the item inside is broken and I can't get it to work."));

    assertThat((Double) ambiguous.output().get("confidence"))
        .isLessThan((Double) clear.output().get("confidence"))
        .isLessThan(0.6);
  }

  /**
   * None of the four labels fits; the calibrated probability (0.53 when measured, against 0.25 for
   * a blind guess) stays well below the 0.8 the support-triage routes act on, so a person sees it.
   */
  @Test
  void is_not_confident_enough_to_act_on_a_ticket_unlike_any_example() {
    ModelResponse response =
        activities.complete(SupportFixtures.classify("Hello, I have a question about my account."));

    assertThat((Double) response.output().get("confidence")).isLessThan(0.65);
  }

  @Test
  void gives_its_probability_and_the_runner_up_in_its_reasons() {
    ModelResponse response =
        activities.complete(
            SupportFixtures.classify("My parcel went to the wrong address, can you fix it?"));

    @SuppressWarnings("unchecked")
    var reasons = (java.util.List<String>) response.output().get("reasons");
    assertThat(reasons.get(0))
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "calibrated probability %.4f for shipping",
                (Double) response.output().get("confidence")));
    assertThat(reasons.get(1)).startsWith("runner-up ").contains("with probability 0.");
    assertThat(reasons.get(2)).contains("temperature").contains("held-out");
  }
}
