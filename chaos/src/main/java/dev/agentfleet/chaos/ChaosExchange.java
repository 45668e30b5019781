package dev.agentfleet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one chaos server: routes them, lets the {@link FaultDealer} decide each
 * chat completion's fate, counts it, waits its latency, then answers healthily or with its fault.
 * Thread-safe: connections call it from their own virtual threads.
 */
final class ChaosExchange {

  private static final Logger log = LoggerFactory.getLogger(ChaosExchange.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosSettings settings;
  private final FaultDealer dealer;
  private final Completions completions;
  private final AtomicLongArray counts = new AtomicLongArray(ChaosStats.outcomes());

  ChaosExchange(ChaosSettings settings) {
    this.settings = settings;
    this.dealer = new FaultDealer(settings);
    this.completions = new Completions(settings.seed());
  }

  /** The counts so far. */
  ChaosStats stats() {
    long[] snapshot = new long[counts.length()];
    for (int i = 0; i < snapshot.length; i++) {
      snapshot[i] = counts.get(i);
    }
    return ChaosStats.of(snapshot);
  }

  /** Answers a request that could not be read with a 400 and closes. */
  void refuse(OutputStream out, String why) throws IOException {
    respond(out, 400, error(why, "invalid_request_error", null), Map.of(), true);
  }

  /** Answers one request; false when the connection must end (reset, hang, or an error). */
  boolean answer(HttpWire.Request request, Socket socket, OutputStream out, String baseUrl)
      throws IOException, InterruptedException {
    String path = request.path();
    boolean close = !request.keepAlive();
    switch (path) {
      case "/v1/chat/completions" -> {
        if (!request.method().equals("POST")) {
          return respond(
              out, 405, error("use POST", "invalid_request_error", null), Map.of(), close);
        }
        return chat(request, socket, out);
      }
      case "/v1/models" -> {
        return respond(out, 200, Completions.models(), Map.of(), close);
      }
      case "/chaos" -> {
        ObjectNode state = JSON.createObjectNode();
        state.put("spec", settings.spec()).put("baseUrl", baseUrl);
        ObjectNode stats = state.putObject("stats");
        stats().byKey().forEach(stats::put);
        return respond(out, 200, Completions.bytes(state), Map.of(), close);
      }
      default -> {
        return respond(
            out,
            404,
            error("no route for " + path, "invalid_request_error", null),
            Map.of(),
            close);
      }
    }
  }

  private boolean chat(HttpWire.Request request, Socket socket, OutputStream out)
      throws IOException, InterruptedException {
    boolean close = !request.keepAlive();
    ChatCall call;
    try {
      JsonNode body = JSON.readTree(request.body());
      call = ChatCall.from(body);
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof IllegalArgumentException ? e.getMessage() : "the body is not JSON";
      return respond(out, 400, error(why, "invalid_request_error", null), Map.of(), close);
    }
    FaultDealer.Decision decision = dealer.next();
    counts.incrementAndGet(ChaosStats.index(decision.fault()));
    log.debug(
        "chat completion #{}: {} after {} ms",
        decision.sequence(),
        decision.healthy() ? "ok" : decision.fault().key(),
        decision.latencyMillis());
    if (decision.latencyMillis() > 0) {
      Thread.sleep(decision.latencyMillis());
    }
    long n = decision.sequence();
    if (decision.healthy()) {
      return respond(out, 200, completions.healthy(call, n), Map.of(), close);
    }
    return switch (decision.fault()) {
      case THROTTLED_429 ->
          respond(
              out, 429, Completions.throttled(), Map.of("Retry-After", retryAfterSeconds()), close);
      case ERROR_500 -> respond(out, 500, Completions.serverError(), Map.of(), close);
      case UNAVAILABLE_503 -> respond(out, 503, Completions.overloaded(), Map.of(), close);
      case RESET -> {
        reset(socket);
        yield false;
      }
      case TIMEOUT -> {
        Thread.sleep(settings.hang().toMillis());
        yield false;
      }
      case MALFORMED -> respond(out, 200, completions.malformed(call, n), Map.of(), close);
      case CONTRACT -> respond(out, 200, completions.contractBreaking(call, n), Map.of(), close);
      case DISALLOWED_TOOL ->
          respond(out, 200, completions.disallowedTool(call, n), Map.of(), close);
    };
  }

  private String retryAfterSeconds() {
    long millis = settings.retryAfter().toMillis();
    return Long.toString((millis + 999) / 1000);
  }

  private static boolean respond(
      OutputStream out, int status, byte[] body, Map<String, String> headers, boolean close)
      throws IOException {
    HttpWire.write(out, status, reason(status), headers, body, close);
    return !close;
  }

  private static byte[] error(String message, String type, String code) {
    return Completions.error(message, type, code);
  }

  /** Closes with SO_LINGER 0, so the peer gets a TCP RST instead of an orderly FIN. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Closed already: the peer saw the connection end either way.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing more to do.
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
