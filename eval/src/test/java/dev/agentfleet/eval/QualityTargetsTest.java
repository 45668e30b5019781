package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityTargetsTest {

  private static Map<String, Object> report() {
    // 200 records; rule a acts on 100 at precision 0.99, rule b on 30 at precision 1.0
    return Map.of(
        "records",
        200,
        "accuracy",
        0.93,
        "macroF1",
        0.92,
        "ece",
        0.025,
        "autoActions",
        List.of(
            Map.of("rule", "a", "records", 100, "precision", 0.99),
            Map.of("rule", "b", "records", 30, "precision", 1.0),
            Map.of("rule", "never", "records", 0)),
        "threshold",
        Map.of("targetPrecision", 0.99, "confidence", 0.9, "coverage", 0.7));
  }

  @Test
  void auto_figures_weigh_each_rule_by_the_records_it_acts_on() {
    Map<String, Double> figures = QualityTargets.figures(report());
    assertThat(figures.get("autoCoverage")).isEqualTo(130 / 200.0);
    assertThat(figures.get("autoPrecision")).isCloseTo((99 + 30) / 130.0, within());
    assertThat(figures.get("thresholdCoverage")).isEqualTo(0.7);
  }

  @Test
  void checks_each_target_and_names_a_miss() {
    List<QualityTargets.Check> checks =
        QualityTargets.parse("accuracy>=0.92, ece<=0.02,autoCoverage>=0.65").check(report());
    assertThat(checks).extracting(QualityTargets.Check::met).containsExactly(true, false, true);
    assertThat(checks.get(1).describe()).isEqualTo("ece <= 0.02: 0.025 MISSED");
  }

  @Test
  void an_unknown_figure_or_form_is_a_usage_error() {
    assertThatThrownBy(() -> QualityTargets.parse("accuracy>0.9"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("'accuracy>0.9' is not FIGURE>=VALUE");
    assertThatThrownBy(() -> QualityTargets.parse("recall>=0.9"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("accuracy, macroF1, ece");
  }

  @Test
  void a_figure_that_was_not_measured_misses_its_target() {
    Map<String, Object> none =
        Map.of("records", 10, "accuracy", 0.5, "autoActions", List.of(), "threshold", Map.of());
    QualityTargets.Check check = QualityTargets.parse("autoPrecision>=0.99").check(none).get(0);
    assertThat(check.met()).isFalse();
    assertThat(check.describe()).contains("not measured");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
