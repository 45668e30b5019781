package dev.agentfleet.activities.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local OpenAI-compatible endpoint on an ephemeral port. It serves {@code POST
 * /v1/chat/completions} from a script of status codes and bodies, so the real OpenAI client and
 * HTTP stack are exercised without the network, including faults such as server errors.
 */
public final class LocalOpenAiServer implements AutoCloseable {

  private record Scripted(int status, String body, long delayMillis) {
    Scripted(int status, String body) {
      this(status, body, 0);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Scripted> script = new ConcurrentLinkedDeque<>();
  private final List<String> requestBodies = new CopyOnWriteArrayList<>();

  public LocalOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  /** The base URL to configure, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues a successful completion whose message content is {@code content}. */
  public LocalOpenAiServer answers(String content, int promptTokens, int completionTokens) {
    script.add(new Scripted(200, completion(content, promptTokens, completionTokens)));
    return this;
  }

  /**
   * Queues a completion that proposes one tool call ({@code finish_reason: tool_calls}), as a model
   * with function calling answers.
   *
   * @param arguments the call's arguments as the model writes them: JSON text
   */
  public LocalOpenAiServer proposesToolCall(
      String callId, String name, String arguments, int promptTokens, int completionTokens) {
    ObjectNode root = envelope(promptTokens, completionTokens);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.putNull("content");
    ObjectNode call = message.putArray("tool_calls").addObject();
    call.put("id", callId).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    choice.put("finish_reason", "tool_calls");
    script.add(new Scripted(200, root.toString()));
    return this;
  }

  /** Queues an error answer with an OpenAI-style error body. */
  LocalOpenAiServer failsWith(int status) {
    ObjectNode error = MAPPER.createObjectNode();
    error.putObject("error").put("message", "scripted failure").put("type", "server_error");
    script.add(new Scripted(status, error.toString()));
    return this;
  }

  /** Queues an answer that comes only after {@code delayMillis}, to trip client timeouts. */
  LocalOpenAiServer stallsFor(long delayMillis) {
    script.add(new Scripted(200, completion("{}", 1, 1), delayMillis));
    return this;
  }

  /** The JSON bodies of the requests received so far. */
  public List<String> requestBodies() {
    return requestBodies;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requestBodies.add(
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Scripted next = script.poll();
      if (!"POST".equals(exchange.getRequestMethod()) || next == null) {
        next = new Scripted(404, "{\"error\":{\"message\":\"nothing scripted\"}}");
      }
      if (next.delayMillis() > 0) {
        try {
          Thread.sleep(next.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(next.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String completion(String content, int promptTokens, int completionTokens) {
    ObjectNode root = envelope(promptTokens, completionTokens);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    return root.toString();
  }

  private static ObjectNode envelope(int promptTokens, int completionTokens) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", "chatcmpl-local-" + System.nanoTime());
    root.put("object", "chat.completion");
    root.put("created", 1_700_000_000L);
    root.put("model", "gpt-4o-mini-2024-07-18");
    root.putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return root;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
