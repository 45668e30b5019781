package dev.agentfleet.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The external system an {@code http} action talks to, on a real loopback port, as a well-behaved
 * API with idempotency keys behaves: the first request with a key makes one effect (an order note)
 * and every repeat of that key gets the same note back without making another. It counts what it
 * received, so a test can tell a repeat that was deduplicated from one that acted twice.
 */
final class ExternalOrderSystem implements AutoCloseable {

  private final HttpServer server;
  private final List<String> requestKeys = new CopyOnWriteArrayList<>();
  private final Map<String, String> notes = new ConcurrentHashMap<>();
  private final AtomicInteger noteIds = new AtomicInteger();

  ExternalOrderSystem() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/order-notes",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
          byte[] answer;
          int status;
          if (key == null || key.isBlank()) {
            status = 400;
            answer = "{\"error\":\"Idempotency-Key is required\"}".getBytes(StandardCharsets.UTF_8);
          } else {
            requestKeys.add(key);
            String note = notes.computeIfAbsent(key, k -> "note_" + noteIds.incrementAndGet());
            status = 200;
            answer = ("{\"noteId\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/order-notes";
  }

  /** The Idempotency-Key of every request received, in order. */
  List<String> requestKeys() {
    return List.copyOf(requestKeys);
  }

  /** The notes made, by idempotency key: one per key however often it was sent. */
  Map<String, String> notes() {
    return Map.copyOf(notes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
