package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.activities.policy.CurrencyFile;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.run.WorkItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecisionPathTest {

  private static AgentDefinition triage;

  /** The shipped rates table, as the workers load it. */
  private static final CurrencyTable RATES =
      CurrencyFile.load(ShippedPlaybooks.REPO.resolve("config/currencies.yaml"));

  @BeforeAll
  static void load() throws Exception {
    triage = ShippedPlaybooks.load("support-triage").definition();
  }

  private static final WorkItem TICKET =
      new WorkItem(
          "T-1",
          Map.of(
              "from", "ana@example.com",
              "subject", "Refund please",
              "body", "Order A-1 broke, refund my 20 USD"));

  private static FakeModelActivities answering(String category, double confidence, Object amount) {
    return new FakeModelActivities(
        r ->
            switch (r.stepId()) {
              case "classify" -> Map.of("category", category, "confidence", confidence);
              case "extract" ->
                  amount == null
                      ? Map.of("urgency", "normal", "summary", "s")
                      : Map.of(
                          "urgency", "normal", "summary", "s", "amount", amount, "currency", "USD");
              case "draft_reply" -> Map.of("reply", "Thank you for writing to us, we are on it.");
              default -> throw new AssertionError("unexpected step " + r.stepId());
            });
  }

  @Test
  void a_confident_small_refund_reaches_the_refund_action_through_the_automatic_rule() {
    FakeModelActivities model = answering("refund", 0.93, 20);
    DecisionPath.Walk walk = new DecisionPath(triage, model, RATES).walk(TICKET);
    assertThat(walk.fired())
        .extracting(DecisionPath.Fired::name)
        .containsExactly("triage/auto_refund_small");
    assertThat(walk.stopKind()).isEqualTo("action");
    assertThat(walk.stopStep()).isEqualTo("refund");
    assertThat(walk.errors()).isEmpty();
  }

  @Test
  void an_unsure_refund_waits_for_billing_and_nothing_after_the_approval_runs() {
    FakeModelActivities model = answering("refund", 0.6, 20);
    DecisionPath.Walk walk = new DecisionPath(triage, model, RATES).walk(TICKET);
    assertThat(walk.fired())
        .extracting(DecisionPath.Fired::name)
        .containsExactly("triage/refund_needs_billing");
    assertThat(walk.stopKind()).isEqualTo("approval");
    assertThat(walk.stopStep()).isEqualTo("billing_approval");
    assertThat(model.requests)
        .extracting(ModelRequest::stepId)
        .containsExactly("classify", "extract");
  }

  @Test
  void other_tickets_draft_a_reply_and_route_again_on_the_reply_gate() {
    FakeModelActivities model = answering("technical", 0.95, null);
    DecisionPath.Walk walk = new DecisionPath(triage, model, RATES).walk(TICKET);
    assertThat(walk.fired())
        .extracting(DecisionPath.Fired::name)
        .containsExactly("triage/otherwise", "reply_gate/confident_reply");
    assertThat(walk.stopStep()).isEqualTo("send_reply");
    assertThat(model.requests)
        .extracting(ModelRequest::stepId)
        .containsExactly("classify", "extract", "draft_reply");
  }

  @Test
  void the_model_is_asked_what_a_run_would_ask_it() {
    FakeModelActivities model = answering("technical", 0.95, null);
    new DecisionPath(triage, model, RATES).walk(TICKET);
    ModelRequest classify = model.requests.get(0);
    assertThat(classify.prompt()).contains("Subject: Refund please");
    assertThat(classify.context())
        .containsEntry("text", "Refund please. Order A-1 broke, refund my 20 USD");
    assertThat(classify.labels()).contains("refund", "spam");
    assertThat(classify.examples())
        .isNotEmpty()
        .isEqualTo(((ModelStep) triage.requireStep("classify")).examples().inline());
    assertThat(classify.outputSchema()).contains("\"category\"");
    assertThat(classify.idempotencyKey()).isEqualTo("eval/support-triage/T-1/classify");
    ModelRequest draft = model.requests.get(2);
    assertThat(draft.context()).containsEntry("category", "technical");
  }

  @Test
  void a_step_that_breaks_its_contract_goes_to_its_on_error_step() {
    FakeModelActivities model = new FakeModelActivities(r -> null);
    DecisionPath.Walk walk = new DecisionPath(triage, model, RATES).walk(TICKET);
    assertThat(walk.stopStep()).isEqualTo("human_review");
    assertThat(walk.errors()).singleElement().asString().startsWith("classify: ContractViolation");
    assertThat(walk.outputs()).isEmpty();
  }

  @Test
  void the_automatic_action_rules_are_those_with_no_approval_between_them_and_an_action() {
    assertThat(AutoActionRules.of(triage))
        .containsExactly(
            new AutoActionRules.AutoAction(
                "triage", "auto_refund_small", "refund (payments.refund)"),
            new AutoActionRules.AutoAction(
                "reply_gate", "confident_reply", "send_reply (mailer.send)"));
    assertThat(List.of(ClassifyStep.find(triage, null).step().id())).containsExactly("classify");
  }
}
