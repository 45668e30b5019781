package dev.agentfleet.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelRulesTest {

  private final CelRules rules = new CelRules();

  private static Map<String, Object> vars(Object amount, double confidence) {
    Map<String, Object> extract = new HashMap<>();
    extract.put("amount", amount);
    return Map.of(
        "input", Map.of("id", "T-1"),
        "steps",
            Map.of(
                "classify",
                Map.of("category", "refund", "confidence", confidence),
                "extract",
                extract),
        "run", Map.of());
  }

  private static final String SMALL_REFUND =
      "steps.classify.category == 'refund' && steps.classify.confidence >= 0.8"
          + " && has(steps.extract.amount) && steps.extract.amount <= 50";

  @Test
  void compares_integers_and_doubles_across_types() {
    assertThat(rules.test(SMALL_REFUND, vars(24.99, 0.9))).isTrue();
    assertThat(rules.test(SMALL_REFUND, vars(50, 0.9))).isTrue();
    assertThat(rules.test(SMALL_REFUND, vars(50.01, 0.9))).isFalse();
    assertThat(rules.test(SMALL_REFUND, vars(20, 0.79))).isFalse();
  }

  @Test
  void missing_value_is_guarded_by_has() {
    assertThat(rules.test(SMALL_REFUND, vars(null, 0.99))).isFalse();
  }

  @Test
  void unguarded_missing_field_is_an_error_not_a_match() {
    assertThatThrownBy(() -> rules.test("steps.extract.amount > 1", vars(null, 0.9)))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessageContaining("steps.extract.amount > 1");
  }

  @Test
  void non_boolean_result_is_refused() {
    assertThatThrownBy(() -> rules.test("steps.classify.confidence", vars(1, 0.9)))
        .hasMessageContaining("expected a boolean");
  }

  @Test
  void compile_errors_are_reported_and_unknown_variables_refused() {
    assertThat(CelRules.compileError("input.amount >")).isPresent();
    assertThat(CelRules.compileError("ticket.amount > 1")).get().asString().contains("ticket");
    assertThat(CelRules.compileError(SMALL_REFUND)).isEmpty();
  }

  @Test
  void templates_render_paths_and_keep_types_for_lone_placeholders() {
    Map<String, Object> v = vars(42.5, 0.9);
    assertThat(Templates.render("refund {{steps.extract.amount}} for {{input.id}}", v))
        .isEqualTo("refund 42.5 for T-1");
    assertThat(Templates.value("{{ steps.extract.amount }}", v)).isEqualTo(42.5);
    assertThat(Templates.value("{{steps.extract.missing}}", v)).isNull();
  }
}
