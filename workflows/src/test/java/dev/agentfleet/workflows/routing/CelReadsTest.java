package dev.agentfleet.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelReadsTest {

  private static Map<String, Object> vars(Map<String, Object> extract) {
    return Map.of(
        "input",
        Map.of("body", "x".repeat(500)),
        "steps",
        Map.of("classify", Map.of("category", "refund", "confidence", 0.62), "extract", extract),
        "run",
        Map.of("costUsd", 0.01));
  }

  @Test
  void gives_the_values_every_chain_of_the_rule_read() {
    Map<String, Object> extract = new HashMap<>();
    extract.put("amount", 649.0);
    String rule =
        "steps.classify.category == 'refund' && steps['classify']['confidence'] >= 0.8"
            + " && has(steps.extract.amount) && steps.extract.amount <= 50";

    Map<String, Object> seen = CelReads.seen(rule, vars(extract));

    assertThat(seen)
        .containsExactly(
            Map.entry("steps.classify.category", "refund"),
            Map.entry("steps.classify.confidence", 0.62),
            Map.entry("steps.extract.amount", 649.0));
  }

  @Test
  void a_missing_field_reads_as_null_long_text_is_cut_and_structures_are_sized() {
    Map<String, Object> seen =
        CelReads.seen(
            "input.body.size() > 10 && steps.extract.items.size() > 0 && steps.nope.x == 1",
            vars(Map.of("items", List.of(1, 2, 3))));

    assertThat((String) seen.get("input.body")).hasSize(CelReads.MAX_TEXT + 1).endsWith("…");
    assertThat(seen).containsEntry("steps.extract.items", "[3 items]");
    assertThat(seen).containsKey("steps.nope.x").containsEntry("steps.nope.x", null);
  }

  @Test
  void an_expression_that_does_not_parse_saw_nothing() {
    assertThat(CelReads.seen("steps.(", vars(Map.of()))).isEmpty();
  }
}
