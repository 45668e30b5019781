package dev.agentfleet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The bodies the chaos server answers with, in OpenAI's wire format: chat completions (healthy,
 * contract-breaking, or calling a tool nobody offered), error bodies, bodies that are not JSON, and
 * the model list. Content is made up from the request and the seed, so the same request gets the
 * same answer.
 *
 * <p>A healthy answer is one JSON object that satisfies the schema the system message states
 * ({@link SchemaExample}); for an agent turn (a request with {@code tools}) it is the final answer
 * at once, without tool calls, so the chaos server never makes an agent act. Without a schema it is
 * {@code {"answer": "..."}}.
 */
final class Completions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CREATED = 1_700_000_000L;
  private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o");

  private final long seed;

  Completions(long seed) {
    this.seed = seed;
  }

  /** The content of a healthy answer to the request. */
  String answer(ChatCall call) {
    Optional<JsonNode> schema = call.schema();
    if (schema.isEmpty()) {
      return JSON.createObjectNode()
          .put("answer", "The chaos model server answered in place of a real model.")
          .toString();
    }
    return example(call, schema.get()).instance().toString();
  }

  /** The content of an answer that breaks the request's schema. */
  String brokenAnswer(ChatCall call) {
    JsonNode schema = call.schema().orElseGet(() -> JSON.createObjectNode().put("type", "object"));
    return example(call, schema).broken().toString();
  }

  /** A tool name the request does not offer. */
  static String unlistedTool(ChatCall call) {
    String name = "chaos_unlisted_tool";
    while (call.toolNames().contains(name)) {
      name += "_x";
    }
    return name;
  }

  byte[] healthy(ChatCall call, long n) {
    return completion(call, n, answer(call));
  }

  byte[] contractBreaking(ChatCall call, long n) {
    return completion(call, n, brokenAnswer(call));
  }

  byte[] disallowedTool(ChatCall call, long n) {
    ObjectNode root = envelope(call, n);
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.putNull("content");
    ObjectNode toolCall = message.putArray("tool_calls").addObject();
    toolCall.put("id", "call_chaos_" + n).put("type", "function");
    toolCall
        .putObject("function")
        .put("name", unlistedTool(call))
        .put("arguments", "{\"reason\":\"injected by the chaos model server\"}");
    choice.put("finish_reason", "tool_calls");
    usage(root, call, 12);
    return bytes(root);
  }

  /** HTTP 200 bodies that no JSON parser reads: cut short, an HTML page, a stray stream frame. */
  byte[] malformed(ChatCall call, long n) {
    String whole = new String(healthy(call, n), StandardCharsets.UTF_8);
    String body =
        switch ((int) (n % 3)) {
          case 0 -> whole.substring(0, Math.max(1, whole.length() * 2 / 3));
          case 1 -> "<html><body><h1>502 Bad Gateway</h1><p>chaos model server</p></body></html>";
          default -> "data: " + whole + "\n\ndata: [DONE]\n\n";
        };
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** The body of a 429, as OpenAI words a rate limit. */
  static byte[] throttled() {
    return error(
        "Rate limit reached for requests (injected by the chaos model server). Please try again"
            + " later.",
        "requests",
        "rate_limit_exceeded");
  }

  /** The body of a 500. */
  static byte[] serverError() {
    return error(
        "The server had an error while processing your request (injected by the chaos model"
            + " server).",
        "server_error",
        null);
  }

  /** The body of a 503. */
  static byte[] overloaded() {
    return error(
        "The engine is currently overloaded (injected by the chaos model server).",
        "server_error",
        "service_unavailable");
  }

  /** An OpenAI-style error body. */
  static byte[] error(String message, String type, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error").put("message", message).put("type", type);
    error.putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return bytes(root);
  }

  /** The {@code GET /v1/models} body. */
  static byte[] models() {
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String model : MODELS) {
      data.addObject()
          .put("id", model)
          .put("object", "model")
          .put("created", CREATED)
          .put("owned_by", "agent-fleet-chaos");
    }
    return bytes(root);
  }

  static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private SchemaExample example(ChatCall call, JsonNode schema) {
    return new SchemaExample(schema, call.context(), Draws.hash(seed, call.fingerprint()));
  }

  private byte[] completion(ChatCall call, long n, String content) {
    ObjectNode root = envelope(call, n);
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    usage(root, call, Math.max(1, (content.length() + 3) / 4));
    return bytes(root);
  }

  private static ObjectNode envelope(ChatCall call, long n) {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-chaos-" + n)
        .put("object", "chat.completion")
        .put("created", CREATED + n)
        .put("model", call.model())
        .put("system_fingerprint", "agent-fleet-chaos");
  }

  private static void usage(ObjectNode root, ChatCall call, long completionTokens) {
    long prompt = call.promptTokens();
    root.putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", prompt + completionTokens);
  }
}
