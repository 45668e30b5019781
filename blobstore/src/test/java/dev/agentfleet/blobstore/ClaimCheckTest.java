package dev.agentfleet.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckTest {

  @TempDir Path dir;

  @Test
  void moves_only_text_over_the_threshold_and_keeps_a_preview() {
    FolderBlobStore store = new FolderBlobStore(dir);
    ClaimCheck claimCheck = new ClaimCheck(store, 8 * 1024);
    String body = "Order A-12001 arrived broken. ".repeat(1_000);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", "T-1");
    fields.put("body", body);
    fields.put("subject", "x".repeat(8 * 1024));
    fields.put("amount", 12.5);

    Map<String, Object> out = claimCheck.offload(fields);

    assertThat(out.keySet()).containsExactly("id", "body", "subject", "amount");
    assertThat(out.get("subject"))
        .as("at the threshold, not over it")
        .isEqualTo(fields.get("subject"));
    assertThat(out).containsEntry("id", "T-1").containsEntry("amount", 12.5);
    Object reference = out.get("body");
    assertThat(BlobReferences.isReference(reference)).isTrue();
    BlobRef ref = BlobReferences.ref(reference);
    assertThat(ref.size()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
    assertThat(store.readText(ref)).isEqualTo(body);
    assertThat(BlobReferences.preview(reference))
        .hasSize(BlobReferences.PREVIEW_BYTES)
        .isEqualTo(body.substring(0, BlobReferences.PREVIEW_BYTES));
  }

  @Test
  void counts_utf8_bytes_not_characters() {
    ClaimCheck claimCheck = new ClaimCheck(new FolderBlobStore(dir), 8 * 1024);
    String chinese = "订".repeat(3_000); // 3,000 characters, 9,000 bytes

    assertThat(claimCheck.tooLarge(chinese)).isTrue();
    assertThat(claimCheck.tooLarge("a".repeat(8 * 1024))).isFalse();
    assertThat(claimCheck.tooLarge(List.of("a".repeat(20_000)))).as("only text moves").isFalse();
    Object preview = BlobReferences.preview(claimCheck.reference(chinese));
    assertThat(preview.toString().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(BlobReferences.PREVIEW_BYTES);
  }

  @Test
  void a_map_without_large_text_is_returned_as_it_is_and_nothing_is_written() throws Exception {
    ClaimCheck claimCheck = new ClaimCheck(new FolderBlobStore(dir), 8 * 1024);
    Map<String, Object> small = Map.of("id", "T-2", "body", "short");

    assertThat(claimCheck.offload(small)).isSameAs(small);
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void resolver_turns_references_and_concatenations_back_into_text_cut_to_its_bound() {
    FolderBlobStore store = new FolderBlobStore(dir);
    ClaimCheck claimCheck = new ClaimCheck(store, 8 * 1024);
    String body = "B".repeat(50_000);
    Map<String, Object> ref = claimCheck.reference(body);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("text", BlobReferences.concat(List.of("Subject. ", ref, " (end)")));
    context.put("body", ref);
    context.put("extract", Map.of("summary", ref, "tags", List.of(ref, "plain")));
    context.put("orderId", "A-1");

    Map<String, Object> resolved = new ReferenceResolver(store, 10_000).resolveAll(context);

    String cut = "B".repeat(10_000) + ReferenceResolver.CUT_MARKER;
    assertThat(resolved.get("text")).isEqualTo("Subject. " + cut + " (end)");
    assertThat(resolved.get("body")).isEqualTo(cut);
    assertThat(resolved.get("extract"))
        .isEqualTo(Map.of("summary", cut, "tags", List.of(cut, "plain")));
    assertThat(resolved.get("orderId")).isEqualTo("A-1");
    assertThat(new ReferenceResolver(store, 100_000).resolve(ref)).isEqualTo(body);
  }

  @Test
  void resolver_fails_loudly_on_a_blob_it_cannot_find() {
    FolderBlobStore store = new FolderBlobStore(dir);
    Map<String, Object> dangling =
        BlobReferences.reference(BlobRef.ofSha256("0".repeat(64), 5, BlobRef.TEXT), "hello");

    assertThatThrownBy(() -> new ReferenceResolver(store, 100).resolveAll(Map.of("body", dangling)))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("is not in");
  }
}
