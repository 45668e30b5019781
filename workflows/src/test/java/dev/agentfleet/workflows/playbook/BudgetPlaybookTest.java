package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The playbook's optional {@code budget}: how it reads and what it refuses. */
class BudgetPlaybookTest {

  private static final String TINY =
      """
      name: tiny
      steps:
        - {id: done, kind: end, status: completed}
      """;

  @Test
  void reads_the_amount_and_what_to_do_when_it_is_spent() {
    AgentDefinition def =
        PlaybookParser.parse(TINY + "budget: {usd: 0.05, onExhausted: downgrade}\n", "b.yaml")
            .definition();

    assertThat(def.budget().usd()).isEqualTo(0.05);
    assertThat(def.budget().onExhausted()).isEqualTo(Budget.OnExhausted.DOWNGRADE);
  }

  @Test
  void escalates_when_the_playbook_does_not_say_and_has_no_budget_when_absent() {
    assertThat(PlaybookParser.parse(TINY + "budget: {usd: 1}\n", "b.yaml").definition().budget())
        .isEqualTo(new Budget(1.0, Budget.OnExhausted.ESCALATE));
    assertThat(PlaybookParser.parse(TINY, "b.yaml").definition().budget()).isNull();
  }

  @Test
  void refuses_a_missing_or_non_positive_amount_and_an_unknown_reaction() {
    assertThatThrownBy(
            () -> PlaybookParser.parse(TINY + "budget: {onExhausted: escalate}\n", "b.yaml"))
        .hasMessageMatching("b\\.yaml:\\d+:\\d+: budget\\.usd: expected a positive amount.*");
    assertThatThrownBy(() -> PlaybookParser.parse(TINY + "budget: {usd: -1}\n", "b.yaml"))
        .hasMessageContaining("budget.usd");
    assertThatThrownBy(
            () -> PlaybookParser.parse(TINY + "budget: {usd: 1, onExhausted: panic}\n", "b.yaml"))
        .hasMessageContaining("b.yaml:")
        .hasMessageContaining("expected downgrade or escalate, got 'panic'");
  }
}
