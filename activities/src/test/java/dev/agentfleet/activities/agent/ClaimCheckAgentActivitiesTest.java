package dev.agentfleet.activities.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.blobstore.FolderBlobStore;
import dev.agentfleet.workflows.agent.AgentMessage;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckAgentActivitiesTest {

  private static final long THRESHOLD = 16 * 1024;

  @TempDir Path dir;

  private final List<AgentTurnRequest> seen = new CopyOnWriteArrayList<>();

  private ClaimCheckAgentActivities activities(FolderBlobStore store) {
    return new ClaimCheckAgentActivities(
        request -> {
          seen.add(request);
          return new AgentTurn(
              List.of(),
              Map.of("resolution", "refunded"),
              "{\"resolution\":\"refunded\"}",
              null,
              "scripted",
              "planner",
              10,
              5,
              0.0,
              0,
              1);
        },
        store,
        new BlobSettings(null, dir, THRESHOLD, 4 * 1024));
  }

  private static AgentTurnRequest request(Map<String, Object> context, String toolResult) {
    ToolCall call = new ToolCall("c1", "lookup_order", Map.of("orderId", "A-1"));
    return new AgentTurnRequest(
        "order-agent/T-1/resolve/2",
        "order-agent/T-1",
        "order-agent",
        "resolve",
        "large",
        2,
        "Resolve the ticket",
        context,
        List.of(),
        List.of(
            AgentMessage.assistant(null, List.of(call)), AgentMessage.toolResult(call, toolResult)),
        "{\"type\":\"object\"}");
  }

  @Test
  void a_small_transcript_travels_inline() {
    AgentTurn turn = activities(new FolderBlobStore(dir)).turn(request(Map.of(), "{\"ok\":true}"));

    assertThat(turn.transcript()).isNull();
    assertThat(turn.answer()).containsEntry("resolution", "refunded");
  }

  @Test
  void a_large_transcript_goes_to_the_blob_store_and_the_context_is_resolved_for_the_model()
      throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    String body = "The parcel never came. ".repeat(2_000);
    Map<String, Object> reference = new ClaimCheck(store, THRESHOLD).reference(body);
    String orderHistory = "{\"events\":\"" + "shipped, returned, ".repeat(2_000) + "\"}";

    AgentTurn turn = activities(store).turn(request(Map.of("body", reference), orderHistory));

    assertThat((String) seen.get(0).context().get("body"))
        .as("the model reads the text, cut to the context size")
        .startsWith("The parcel never came.")
        .hasSizeGreaterThan(4 * 1024);
    assertThat(BlobReferences.isReference(turn.transcript())).isTrue();
    String stored =
        new String(store.read(BlobReferences.ref(turn.transcript())), StandardCharsets.UTF_8);
    JsonNode transcript = new ObjectMapper().readTree(stored);
    assertThat(transcript).hasSize(3);
    assertThat(transcript.get(1).path("text").asText()).isEqualTo(orderHistory);
    assertThat(transcript.get(2).path("text").asText()).isEqualTo("{\"resolution\":\"refunded\"}");
  }
}
