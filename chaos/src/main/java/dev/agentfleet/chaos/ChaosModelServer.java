package dev.agentfleet.chaos;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting OpenAI-compatible model server on a loopback port. It serves {@code POST
 * /v1/chat/completions} (non-streaming, with {@code usage}) and {@code GET /v1/models}, and answers
 * each chat completion after a latency drawn from its {@link ChaosSettings}, either healthily
 * (content that satisfies the JSON Schema the fleet's prompts state) or with one {@link Fault}: a
 * 429 with {@code Retry-After}, a 500, a 503, a reset connection, a connection held past the
 * client's timeout, a body that is not JSON, content that breaks the schema, or a call to a tool
 * the request did not offer. {@code GET /chaos} shows the spec and the counts so far.
 *
 * <p>Each connection is served on a virtual thread, so thousands of slow requests wait at once.
 * Nothing a request carries is logged (prompts, keys); only counts and outcomes.
 *
 * <p>Run it on its own with {@code FLEET_CHAOS=SPEC FLEET_CHAOS_PORT=8090 java -cp ...
 * dev.agentfleet.chaos.ChaosModelServer}; {@code ./fleet up --model chaos} does so for the local
 * fleet.
 */
public final class ChaosModelServer implements AutoCloseable {

  /** The port {@link #main} listens on when {@code FLEET_CHAOS_PORT} is not set. */
  public static final int DEFAULT_PORT = 8090;

  private static final Logger log = LoggerFactory.getLogger(ChaosModelServer.class);
  private static final int BACKLOG = 4096;

  private final ChaosSettings settings;
  private final ServerSocket listener;
  private final ChaosExchange exchange;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private ChaosModelServer(ChaosSettings settings, ServerSocket listener) {
    this.settings = settings;
    this.listener = listener;
    this.exchange = new ChaosExchange(settings);
    this.acceptor = Thread.ofPlatform().name("chaos-accept-" + port()).unstarted(this::accept);
  }

  /**
   * Starts a server on {@code settings.port()} of the loopback address (0: a free port).
   *
   * @throws UncheckedIOException when the port cannot be listened on
   */
  public static ChaosModelServer start(ChaosSettings settings) {
    ServerSocket listener;
    try {
      listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the chaos model server cannot listen on 127.0.0.1:"
              + settings.port()
              + " ("
              + e.getMessage()
              + "); choose another port (FLEET_CHAOS_PORT)",
          e);
    }
    ChaosModelServer server = new ChaosModelServer(settings, listener);
    server.acceptor.start();
    log.info("chaos model server listening on {} ({})", server.baseUrl(), settings.spec());
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The base URL for OpenAI clients: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The settings it runs with. */
  public ChaosSettings settings() {
    return settings;
  }

  /** How the chat completions received so far were answered. */
  public ChaosStats stats() {
    return exchange.stats();
  }

  /** Stops listening, cuts every open connection (hung ones included) and ends their threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    open.forEach(ChaosModelServer::closeQuietly);
    connections.shutdownNow();
    try {
      connections.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the server until the process is stopped: settings from {@code FLEET_CHAOS} (a spec, see
   * {@link ChaosSettings}), port from {@code FLEET_CHAOS_PORT} (default {@value #DEFAULT_PORT}).
   * Prints one line saying where it listens and with which spec; exits with 2 on a bad setting.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    ChaosSettings settings;
    try {
      settings = ChaosSettings.parse(env.get("FLEET_CHAOS")).withPort(port(env));
    } catch (IllegalArgumentException e) {
      System.err.println("chaos model server: " + e.getMessage());
      System.exit(2);
      return;
    }
    ChaosModelServer server;
    try {
      server = start(settings);
    } catch (UncheckedIOException e) {
      System.err.println("chaos model server: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chaos-shutdown"));
    System.out.println(
        "chaos model server listening on " + server.baseUrl() + " (" + settings.spec() + ")");
    System.out.flush();
    server.acceptor.join();
  }

  private static int port(Map<String, String> env) {
    String value = env.get("FLEET_CHAOS_PORT");
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FLEET_CHAOS_PORT must be a port number between 0 and 65535, got '" + value + "'");
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        open.add(socket);
        connections.execute(() -> serve(socket));
      } catch (IOException | RejectedExecutionException e) {
        if (!closed) {
          log.warn("chaos model server: accept failed: {}", e.getMessage());
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!closed) {
        HttpWire.Request request;
        try {
          request = HttpWire.read(in, out);
        } catch (HttpWire.BadRequest e) {
          exchange.refuse(out, e.getMessage());
          return;
        }
        if (request == null
            || !exchange.answer(request, socket, out, baseUrl())
            || !request.keepAlive()) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing more to do.
    }
  }
}
