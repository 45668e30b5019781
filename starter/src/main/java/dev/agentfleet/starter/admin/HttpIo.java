package dev.agentfleet.starter.admin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading requests and writing responses on the JDK's HTTP server, with the page's headers. */
final class HttpIo {

  /** The largest request body read: forms and JSON decisions are small. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** A body over {@link #MAX_BODY_BYTES}. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body over " + MAX_BODY_BYTES + " bytes");
    }
  }

  /** No script, no frames, no foreign forms; styles only from this origin. */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private HttpIo() {}

  static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new TooLarge();
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** An {@code application/x-www-form-urlencoded} body; a repeated name keeps its first value. */
  static Map<String, String> form(HttpExchange exchange) throws IOException {
    Map<String, String> form = new HashMap<>();
    for (String pair : body(exchange).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      form.putIfAbsent(name, value);
    }
    return form;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The request's cookies by name. */
  static Map<String, String> cookies(HttpExchange exchange) {
    Map<String, String> cookies = new HashMap<>();
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          cookies.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
      }
    }
    return cookies;
  }

  static void setCookie(
      HttpExchange exchange, String name, String value, long maxAgeSeconds, String attributes) {
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", name + "=" + value + "; Max-Age=" + maxAgeSeconds + attributes);
  }

  static void html(HttpExchange exchange, int status, String html) throws IOException {
    send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** 303 See Other: after a POST, the browser GETs {@code location}. */
  static void redirect(HttpExchange exchange, String location) throws IOException {
    securityHeaders(exchange.getResponseHeaders());
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(303, -1);
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    securityHeaders(headers);
    headers.set("Content-Type", type);
    if (!headers.containsKey("Cache-Control")) {
      headers.set("Cache-Control", "no-store");
    }
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void securityHeaders(Headers headers) {
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
  }
}
