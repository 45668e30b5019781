package dev.agentfleet.workflows.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {

  private static Map<String, Object> fields(Object... nameValue) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      fields.put((String) nameValue[i], nameValue[i + 1]);
    }
    return fields;
  }

  private static Map<String, Object> similarCase(String summary, String category) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("summary", summary);
    c.put("outcome", Map.of("category", category));
    return c;
  }

  @Test
  void a_context_within_its_budget_passes_unchanged() {
    Map<String, Object> fields = fields("subject", "Refund please", "orderId", "A-1");

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, null, 2000);

    assertThat(fitted.values()).isEqualTo(fields).doesNotContainKey(ContextBudget.SIMILAR_CASES);
    assertThat(fitted.cuts()).isEmpty();
    // "subject" 7 + 13 + "orderId" 7 + 3 = 30 characters: 8 tokens at four a token
    assertThat(fitted.tokens()).isEqualTo(8);
  }

  @Test
  void a_long_body_is_cut_to_fit_and_the_short_fields_stay_whole() {
    String body = "The blender arrived broken. ".repeat(400); // 11,200 characters
    Map<String, Object> fields = fields("subject", "Broken blender", "body", body, "amount", 24.99);

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, null, 500);

    assertThat(fitted.tokens()).isLessThanOrEqualTo(500).isGreaterThan(480);
    assertThat(fitted.values())
        .containsEntry("subject", "Broken blender")
        .containsEntry("amount", 24.99);
    String cut = (String) fitted.values().get("body");
    assertThat(cut).endsWith(ContextBudget.ELLIPSIS).hasSizeLessThan(2000);
    assertThat(body).startsWith(cut.substring(0, cut.length() - 1));
    assertThat(fitted.cuts()).containsExactly("cut body 11200->" + cut.length() + " chars");
    assertThat(fitted.summary()).startsWith("context " + fitted.tokens() + "/500 tokens: cut body");
  }

  @Test
  void two_long_values_are_cut_to_equal_shares() {
    Map<String, Object> fields = fields("a", "x".repeat(5000), "b", "y".repeat(3000), "c", "zz");

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, null, 250); // 1,000 characters

    // 1,000 - names (3) - "zz" (2) = 995 left for a and b: 497 and 498, the rest to the later one
    assertThat(((String) fitted.values().get("a")).length()).isBetween(497, 498);
    assertThat(((String) fitted.values().get("b")).length()).isBetween(497, 498);
    assertThat(fitted.values()).containsEntry("c", "zz");
    assertThat(fitted.tokens()).isLessThanOrEqualTo(250);
  }

  @Test
  void similar_cases_crowding_out_the_fields_are_dropped_from_the_end() {
    Map<String, Object> fields = fields("text", "Refund my order 1182, it arrived broken");
    List<Map<String, Object>> cases = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      cases.add(similarCase(i + " " + "a resolved refund case ".repeat(16), "refund"));
    }

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, cases, 300); // 1,200 characters

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> kept =
        (List<Map<String, Object>>) fitted.values().get(ContextBudget.SIMILAR_CASES);
    assertThat(kept).isNotEmpty().hasSizeLessThan(5).isEqualTo(cases.subList(0, kept.size()));
    assertThat(fitted.values()).containsEntry("text", "Refund my order 1182, it arrived broken");
    assertThat(fitted.tokens()).isLessThanOrEqualTo(300);
    assertThat(fitted.cuts())
        .containsExactly("dropped " + (5 - kept.size()) + " of 5 similar cases");
  }

  @Test
  void a_long_body_does_not_push_out_a_few_short_similar_cases() {
    Map<String, Object> fields = fields("text", "word ".repeat(3000));
    List<Map<String, Object>> cases =
        List.of(
            similarCase("Refund for a broken kettle", "refund"),
            similarCase("Refund, parcel never came", "refund"));

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, cases, 400);

    assertThat(fitted.values().get(ContextBudget.SIMILAR_CASES)).isEqualTo(cases);
    assertThat(((String) fitted.values().get("text")).length()).isLessThan(1600);
    assertThat(fitted.tokens()).isLessThanOrEqualTo(400);
  }

  @Test
  void values_that_are_not_text_are_never_changed_and_an_overrun_is_reported() {
    Map<String, Object> reference =
        Map.of("blobRef", "sha256:" + "0".repeat(64), "size", 5_000_000);
    Map<String, Object> fields = fields("body", reference, "note", "x".repeat(100));

    ContextBudget.Fitted fitted = ContextBudget.fit(fields, List.of(similarCase("s", "c")), 10);

    assertThat(fitted.values().get("body")).isEqualTo(reference);
    assertThat(fitted.values()).containsEntry("note", "");
    assertThat(fitted.values().get(ContextBudget.SIMILAR_CASES)).isEqualTo(List.of());
    assertThat(fitted.cuts())
        .contains("cut note 100->0 chars", "dropped 1 of 1 similar cases")
        .anyMatch(c -> c.startsWith("values that cannot be cut take "));
  }

  @Test
  void no_similar_cases_found_still_tells_the_model_so() {
    ContextBudget.Fitted fitted = ContextBudget.fit(fields("text", "hello"), List.of(), 100);

    assertThat(fitted.values()).containsEntry(ContextBudget.SIMILAR_CASES, List.of());
    assertThat(fitted.cuts()).isEmpty();
  }

  @Test
  void a_cut_never_splits_a_surrogate_pair() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String text = "ab" + emoji + "cdef";

    assertThat(ContextBudget.cut(text, 4)).isEqualTo("ab" + ContextBudget.ELLIPSIS);
    assertThat(ContextBudget.cut(text, 5)).isEqualTo("ab" + emoji + ContextBudget.ELLIPSIS);
    assertThat(ContextBudget.cut(text, 100)).isEqualTo(text);
    assertThat(ContextBudget.cut(text, 0)).isEmpty();
  }
}
