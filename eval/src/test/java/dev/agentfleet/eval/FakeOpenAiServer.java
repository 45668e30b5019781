package dev.agentfleet.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI-compatible endpoint for unit tests, on an ephemeral loopback port: a model that
 * calls every ticket a refund with a self-reported confidence of 0.99, extracts nothing but an
 * urgency and a summary, and drafts one stock reply. It lets a test run the real {@code openai}
 * provider and HTTP client of the execution plane and see how eval judges an overconfident model.
 */
final class FakeOpenAiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  final AtomicInteger calls = new AtomicInteger();

  FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      calls.incrementAndGet();
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String content;
      if (request.contains("Classify this customer support ticket")) {
        content = "{\"category\":\"refund\",\"confidence\":0.99,\"reasons\":[\"sure\"]}";
      } else if (request.contains("Extract the order id")) {
        content = "{\"urgency\":\"normal\",\"summary\":\"A customer wrote in.\"}";
      } else {
        content = "{\"reply\":\"Thank you for writing to us; we are looking into it now.\"}";
      }
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "chatcmpl-fake-" + calls.get());
      root.put("object", "chat.completion");
      root.put("created", 1_700_000_000L);
      root.put("model", "gpt-4o-mini");
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", content);
      choice.put("finish_reason", "stop");
      root.putObject("usage")
          .put("prompt_tokens", 100)
          .put("completion_tokens", 20)
          .put("total_tokens", 120);
      byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
