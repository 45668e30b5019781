package dev.agentfleet.activities.ledger;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake external system for the {@code http} connector, over real HTTP on loopback: it records one
 * effect per {@code Idempotency-Key} and answers every repeat with that same effect, as a payment
 * API that supports idempotency keys does. It holds each first request until a second one with the
 * same key arrives (or a second passes), so two racing workers are both in flight at once when the
 * test wants them to be.
 */
final class IdempotentEndpointFake implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, String> effects = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> pairs = new ConcurrentHashMap<>();
  private final AtomicInteger effectIds = new AtomicInteger();

  IdempotentEndpointFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/actions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
          requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          CountDownLatch pair = pairs.computeIfAbsent(key, k -> new CountDownLatch(2));
          pair.countDown();
          try {
            pair.await(1, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          String effect = effects.computeIfAbsent(key, k -> "fx_" + effectIds.incrementAndGet());
          byte[] body = ("{\"effectId\":\"" + effect + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions";
  }

  /** How many requests carried this key. */
  int requests(String key) {
    AtomicInteger n = requests.get(key);
    return n == null ? 0 : n.get();
  }

  /** How many distinct effects the system recorded, over all keys. */
  int effects() {
    return effects.size();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
