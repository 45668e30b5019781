package dev.agentfleet.activities.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.ModelProvider;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.activities.model.ProviderResult;
import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.blobstore.FolderBlobStore;
import dev.agentfleet.blobstore.ReferenceResolver;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckModelActivitiesTest {

  private static final String EXTRACT_SCHEMA =
      """
      {"type":"object","required":["urgency","summary"],"additionalProperties":false,
       "properties":{
         "orderId":{"type":["string","null"]},
         "amount":{"type":["number","null"]},
         "currency":{"type":["string","null"]},
         "urgency":{"enum":["high","normal","low"]},
         "summary":{"type":"string","minLength":1,"maxLength":300}}}
      """;

  private static final String DRAFT_SCHEMA =
      """
      {"type":"object","required":["reply"],
       "properties":{"reply":{"type":"string","minLength":20},"tone":{"type":"string"}}}
      """;

  @TempDir Path dir;

  /** Remembers what the provider was asked, then lets the real one answer. */
  static final class Recording implements ModelProvider {
    final List<ModelRequest> seen = new CopyOnWriteArrayList<>();
    final ModelProvider answer;

    Recording(ModelProvider answer) {
      this.answer = answer;
    }

    @Override
    public ProviderResult complete(ModelRequest request) {
      seen.add(request);
      return answer.complete(request);
    }
  }

  private BlobSettings settings() {
    return new BlobSettings(null, dir, 128 * 1024, 32 * 1024);
  }

  private static ModelRequest request(
      String step, ModelTask task, String schema, Map<String, Object> context) {
    return new ModelRequest(
        "support-triage/T-1/" + step,
        "support-triage",
        step,
        "small",
        task,
        "Extract the order from this ticket.",
        List.of(),
        List.of(),
        schema,
        1,
        context);
  }

  @Test
  void resolves_a_5_mb_body_for_the_model_cut_to_a_model_friendly_size() {
    FolderBlobStore store = new FolderBlobStore(dir);
    String body =
        "The mug from order A-12001 broke in transit, please refund 9.99 USD. "
            + "My order is wrong and I want it fixed. ".repeat(130_000);
    Map<String, Object> reference = new ClaimCheck(store, 128 * 1024).reference(body);
    Recording provider = new Recording(new OfflineModelProvider());
    ClaimCheckModelActivities activities =
        new ClaimCheckModelActivities(
            ModelActivitiesImpl.builder(ModelConfig.offline()).provider(provider).build(),
            store,
            settings());

    ModelResponse response =
        activities.complete(
            request(
                "extract",
                ModelTask.EXTRACT,
                EXTRACT_SCHEMA,
                Map.of(
                    "text",
                    BlobReferences.concat(List.of("Broken mug. ", reference)),
                    "orderId",
                    "")));

    assertThat(response.output())
        .containsEntry("orderId", "A-12001")
        .containsEntry("amount", 9.99)
        .containsEntry("currency", "USD");
    String seen = (String) provider.seen.get(0).context().get("text");
    assertThat(seen)
        .startsWith("Broken mug. The mug from order A-12001")
        .endsWith(ReferenceResolver.CUT_MARKER)
        .hasSize("Broken mug. ".length() + 32 * 1024 + ReferenceResolver.CUT_MARKER.length());
  }

  @Test
  void moves_an_output_field_over_the_threshold_to_the_blob_store() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    String longReply = "Thank you for your patience. ".repeat(10_000); // 290 KB
    ModelProvider drafting =
        request ->
            new ProviderResult(
                new ObjectMapper().valueToTree(Map.of("reply", longReply, "tone", "warm")),
                "scripted",
                "drafter",
                10,
                20,
                0.0,
                0,
                List.of());
    ClaimCheckModelActivities activities =
        new ClaimCheckModelActivities(
            ModelActivitiesImpl.builder(ModelConfig.offline()).provider(drafting).build(),
            store,
            settings());

    ModelResponse response =
        activities.complete(request("draft_reply", ModelTask.DRAFT, DRAFT_SCHEMA, Map.of()));

    assertThat(response.output()).containsEntry("tone", "warm");
    Object reply = response.output().get("reply");
    assertThat(BlobReferences.isReference(reply)).isTrue();
    assertThat(store.readText(BlobReferences.ref(reply))).isEqualTo(longReply);
    assertThat(new ObjectMapper().writeValueAsBytes(response).length).isLessThan(8 * 1024);
    assertThat(response.provider()).isEqualTo("scripted");
    assertThat(response.outputTokens()).isEqualTo(20);

    // The moved output is resolved where a later model step uses it.
    Recording next = new Recording(drafting);
    new ClaimCheckModelActivities(
            ModelActivitiesImpl.builder(ModelConfig.offline()).provider(next).build(),
            store,
            settings())
        .complete(request("follow_up", ModelTask.DRAFT, DRAFT_SCHEMA, Map.of("previous", reply)));
    assertThat((String) next.seen.get(0).context().get("previous"))
        .startsWith("Thank you for your patience.")
        .hasSize(32 * 1024 + ReferenceResolver.CUT_MARKER.length());
  }

  @Test
  void a_missing_blob_fails_retryably_and_a_corrupt_one_for_good() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    Recording provider = new Recording(new OfflineModelProvider());
    ClaimCheckModelActivities activities =
        new ClaimCheckModelActivities(
            ModelActivitiesImpl.builder(ModelConfig.offline()).provider(provider).build(),
            store,
            settings());
    Map<String, Object> missing =
        BlobReferences.reference(BlobRef.ofSha256("1".repeat(64), 5, BlobRef.TEXT), "hello");

    assertThatThrownBy(
            () ->
                activities.complete(
                    request("extract", ModelTask.EXTRACT, EXTRACT_SCHEMA, Map.of("text", missing))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ClaimCheckModelActivities.BLOB_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("FLEET_BLOB_DIR");
            });

    Map<String, Object> stored = new ClaimCheck(store, 4096).reference("x".repeat(10_000));
    Path file = store.pathOf(BlobReferences.ref(stored));
    file.toFile().setWritable(true);
    Files.writeString(file, "y".repeat(10_000));
    assertThatThrownBy(
            () ->
                activities.complete(
                    request("extract", ModelTask.EXTRACT, EXTRACT_SCHEMA, Map.of("text", stored))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ClaimCheckModelActivities.BLOB_CORRUPT);
              assertThat(f.isNonRetryable()).isTrue();
            });
    assertThat(provider.seen).as("the model never sees a request it cannot trust").isEmpty();
  }
}
