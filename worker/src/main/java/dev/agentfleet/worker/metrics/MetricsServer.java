package dev.agentfleet.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} in the Prometheus text format and {@code /health} on one port, bound to
 * the address given: the worker passes {@code FLEET_METRICS_HOST}, loopback unless a deployment
 * whose Prometheus scrapes over the network opens it (the meters name agents, queues and costs,
 * which are nobody else's business).
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  /**
   * Starts serving.
   *
   * @param host the address to bind ({@code 127.0.0.1}, {@code 0.0.0.0}, a host name)
   * @param port the port; 0 takes a free one
   */
  public MetricsServer(
      String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(
        "/metrics",
        exchange -> respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape()));
    server.createContext(
        "/health",
        exchange -> {
          boolean ok = healthy.getAsBoolean();
          respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "stopping\n");
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address and port it listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
