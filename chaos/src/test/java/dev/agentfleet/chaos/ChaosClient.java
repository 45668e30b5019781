package dev.agentfleet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The clients the tests talk to a chaos server with: LangChain4j's real one, and raw HTTP. */
final class ChaosClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The schema the tests' requests state, as the fleet's system prompt does. */
  static final String SCHEMA =
      "{\"type\":\"object\",\"required\":[\"category\",\"confidence\"],"
          + "\"additionalProperties\":false,\"properties\":{"
          + "\"category\":{\"enum\":[\"refund\",\"billing\",\"other\"]},"
          + "\"confidence\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1}}}";

  private ChaosClient() {}

  /** LangChain4j's OpenAI chat model as the fleet builds it: no retries, a short timeout. */
  static OpenAiChatModel chatModel(ChaosModelServer server, Duration timeout) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("sk-chaos-test")
        .modelName("gpt-4o-mini")
        .timeout(timeout)
        .maxRetries(0)
        .build();
  }

  /** A plain HTTP/1.1 client. */
  static HttpClient http() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** A chat completion body with the test schema in its system message. */
  static String body(String userText) {
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini");
    body.putArray("messages")
        .add(
            JSON.createObjectNode()
                .put("role", "system")
                .put(
                    "content",
                    "The answer must satisfy this JSON Schema:\n" + SCHEMA + "\nOnly JSON."))
        .add(JSON.createObjectNode().put("role", "user").put("content", userText));
    return body.toString();
  }

  static HttpRequest post(ChaosModelServer server, String body) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpResponse<String> get(ChaosModelServer server, String path)
      throws IOException, InterruptedException {
    return http()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
