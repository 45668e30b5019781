package dev.agentfleet.worker.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec protocol, so the Web UI and the Temporal CLI ({@code --codec-endpoint})
 * can show decrypted payloads to operators who hold the token.
 *
 * <p>{@code POST /encode} and {@code POST /decode} (also under a namespace prefix, {@code
 * /{namespace}/decode}, as the CLI's endpoint templating produces) take and return {@code
 * {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}. Every such request must
 * carry {@code Authorization: Bearer <token>}; anything else gets 401. Browser origins outside the
 * allowed list get 403 and no CORS headers; a CORS preflight ({@code OPTIONS}) from an allowed
 * origin is answered without a token, as browsers send none with it. Payloads are never logged:
 * only counts, sizes and the namespace header.
 */
public final class CodecServer implements AutoCloseable {

  /** The largest request accepted: a page of history of payloads near Temporal's 2 MB limit. */
  public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Namespace";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PayloadCodec codec;
  private final byte[] tokenDigest;
  private final Set<String> allowedOrigins;

  /**
   * Starts serving at once.
   *
   * @param token the bearer token callers must present; must not be blank
   * @param allowedOrigins browser origins allowed to call, e.g. {@code http://localhost:8233}
   */
  public CodecServer(
      InetSocketAddress address, PayloadCodec codec, String token, List<String> allowedOrigins)
      throws IOException {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the codec endpoint needs a bearer token");
    }
    this.codec = codec;
    this.tokenDigest = sha256(token);
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.server = HttpServer.create(address, 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String operation =
          path.endsWith("/encode") ? "encode" : path.endsWith("/decode") ? "decode" : null;
      if (operation == null) {
        respond(exchange, 404, "not found: use POST /encode or POST /decode\n");
        return;
      }
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (origin != null) {
        if (!allowedOrigins.contains(origin)) {
          refuse(exchange, 403, "origin not allowed", "origin " + origin + " is not allowed\n");
          return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Allow-Credentials", "true");
        headers.add("Vary", "Origin");
      }
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      if (method.equals("OPTIONS")) {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
        headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.set("Access-Control-Max-Age", "600");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        respond(exchange, 405, "use POST\n");
        return;
      }
      String problem = authorisationProblem(exchange.getRequestHeaders().getFirst("Authorization"));
      if (problem != null) {
        exchange
            .getResponseHeaders()
            .set(
                "WWW-Authenticate",
                problem.equals("no token")
                    ? "Bearer realm=\"fleet-codec\""
                    : "Bearer realm=\"fleet-codec\", error=\"invalid_token\"");
        refuse(exchange, 401, problem, "unauthorised: send Authorization: Bearer <token>\n");
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        respond(exchange, 413, "request body over " + MAX_BODY_BYTES + " bytes\n");
        return;
      }
      serve(exchange, operation, body);
    }
  }

  private void serve(HttpExchange exchange, String operation, byte[] body) throws IOException {
    Payloads.Builder request = Payloads.newBuilder();
    try {
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(body, StandardCharsets.UTF_8), request);
    } catch (InvalidProtocolBufferException e) {
      respond(exchange, 400, "expected a JSON body {\"payloads\":[...]}\n");
      return;
    }
    List<Payload> payloads = request.getPayloadsList();
    List<Payload> result;
    try {
      result = operation.equals("encode") ? codec.encode(payloads) : codec.decode(payloads);
    } catch (PayloadCodecException e) {
      log.warn("codec {} of {} payloads failed: {}", operation, payloads.size(), e.getMessage());
      respond(exchange, 422, e.getMessage() + "\n");
      return;
    }
    byte[] json =
        JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .print(Payloads.newBuilder().addAllPayloads(result).build())
            .getBytes(StandardCharsets.UTF_8);
    log.debug(
        "codec {}: {} payloads, {} bytes in, namespace {}",
        operation,
        payloads.size(),
        body.length,
        exchange.getRequestHeaders().getFirst("X-Namespace"));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  /** Null when the header carries the token; otherwise why not (no token or a wrong one). */
  private String authorisationProblem(String header) {
    if (header == null || header.isBlank()) {
      return "no token";
    }
    String prefix = "bearer ";
    if (header.length() <= prefix.length()
        || !header.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix)) {
      return "not a bearer token";
    }
    byte[] presented = sha256(header.substring(prefix.length()).strip());
    return MessageDigest.isEqual(presented, tokenDigest) ? null : "wrong token";
  }

  private void refuse(HttpExchange exchange, int status, String reason, String body)
      throws IOException {
    log.warn(
        "codec endpoint refused {} {} from {}: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        exchange.getRemoteAddress().getAddress().getHostAddress(),
        reason);
    respond(exchange, status, body);
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
