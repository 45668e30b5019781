package dev.agentfleet.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates over values that travel by reference: previews in text, references in values. */
class TemplatesReferenceTest {

  private static final Map<String, Object> BODY =
      BlobReferences.reference(
          BlobRef.ofSha256("ab".repeat(32), 5_000_000, BlobRef.TEXT),
          "My order is wrong. ".repeat(500));

  private static final Map<String, Object> VARS =
      Map.of("input", Map.of("subject", "Order wrong", "body", BODY, "id", "T-1"));

  @Test
  void a_reference_renders_as_its_preview_in_text() {
    String prompt = Templates.render("Subject: {{input.subject}}\nBody: {{input.body}}", VARS);

    assertThat(prompt)
        .startsWith("Subject: Order wrong\nBody: My order is wrong. My order")
        .doesNotContain("$blob")
        .hasSizeLessThan(BlobReferences.PREVIEW_BYTES + 100);
  }

  @Test
  void a_lone_placeholder_keeps_the_reference_for_the_execution_plane() {
    assertThat(Templates.value("{{input.body}}", VARS)).isEqualTo(BODY);
  }

  @Test
  void a_template_mixing_text_and_references_becomes_a_concatenation() {
    Object value = Templates.value("{{input.subject}}. {{input.body}} ({{input.id}})", VARS);

    assertThat(BlobReferences.isConcat(value)).isTrue();
    assertThat(((Map<?, ?>) value).get(BlobReferences.CONCAT))
        .isEqualTo(List.of("Order wrong. ", BODY, " (T-1)"));
    assertThat(BlobReferences.inline(value))
        .isEqualTo("Order wrong. " + BlobReferences.preview(BODY) + " (T-1)");
  }

  @Test
  void templates_without_references_render_to_text_as_before() {
    assertThat(Templates.value("{{input.subject}} / {{input.id}}", VARS))
        .isEqualTo("Order wrong / T-1");
  }

  @Test
  void previews_cut_on_whole_characters_within_their_byte_budget() {
    String emoji = "🎉".repeat(1_000); // 4 bytes each
    String preview = BlobReferences.prefix(emoji, BlobReferences.PREVIEW_BYTES);

    assertThat(preview).isEqualTo("🎉".repeat(512));
    assertThat(BlobReferences.utf8Length(preview)).isEqualTo(2048);
    assertThat(BlobReferences.utf8Length("a€😀")).isEqualTo(1 + 3 + 4);
  }
}
