package dev.agentfleet.activities.cost;

import static dev.agentfleet.activities.cost.ResponseCacheTest.classify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes two model requests the same question, and what makes them different. */
class CacheKeyTest {

  private static ModelRequest with(ModelRequest r, String schema, Map<String, Object> context) {
    return new ModelRequest(
        r.idempotencyKey(),
        r.agent(),
        r.stepId(),
        r.tier(),
        r.task(),
        r.prompt(),
        r.labels(),
        r.examples(),
        schema,
        r.maxRepairs(),
        context);
  }

  @Test
  void the_run_and_the_formatting_of_the_schema_and_context_do_not_change_the_key() {
    ModelRequest a = classify("support-triage/T-1", "refund my order");
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("z", 1);
    reordered.put("text", "refund my order");
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("text", "refund my order");
    ordered.put("z", 1);
    String schema = "{\"type\":\"object\",\"required\":[\"x\"]}";
    String sameSchema = "{ \"required\" : [\"x\"],\n  \"type\" : \"object\" }";

    String key = CacheKey.of("offline", "m", with(a, schema, ordered));

    assertThat(key).hasSize(64).matches("[0-9a-f]+");
    assertThat(
            CacheKey.of(
                "offline",
                "m",
                with(classify("support-triage/T-2", "refund my order"), sameSchema, reordered)))
        .isEqualTo(key);
  }

  @Test
  void the_model_the_prompt_and_the_context_change_the_key() {
    ModelRequest a = classify("support-triage/T-1", "refund my order");
    String key = CacheKey.of("openai", "gpt-4o-mini", a);

    assertThat(CacheKey.of("openai", "gpt-4o", a)).isNotEqualTo(key);
    assertThat(CacheKey.of("offline", "gpt-4o-mini", a)).isNotEqualTo(key);
    assertThat(CacheKey.of("openai", "gpt-4o-mini", with(a, a.outputSchema(), Map.of("text", "x"))))
        .isNotEqualTo(key);
    assertThat(CacheKey.of("openai", "gpt-4o-mini", classify("support-triage/T-1", "refund it")))
        .isNotEqualTo(key);
  }
}
