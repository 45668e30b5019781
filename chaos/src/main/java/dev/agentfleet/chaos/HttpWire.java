package dev.agentfleet.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for an OpenAI-compatible endpoint over a raw socket: requests with a {@code
 * Content-Length} or chunked body, keep-alive, and responses with a length. A raw socket (not the
 * JDK's HTTP server) is what lets the server reset a connection or hold it without answering.
 */
final class HttpWire {

  /** The largest request line or header line read. */
  private static final int MAX_LINE = 16 * 1024;

  /** The most header lines read. */
  private static final int MAX_HEADERS = 200;

  /** The largest request body read: far above what a model request carries. */
  static final int MAX_BODY = 64 * 1024 * 1024;

  private HttpWire() {}

  /** A request as read: header names lower-cased. */
  record Request(String method, String path, Map<String, String> headers, byte[] body) {

    /** True unless the client asked to close the connection after this exchange. */
    boolean keepAlive() {
      return !"close".equalsIgnoreCase(headers.getOrDefault("connection", "").trim());
    }
  }

  /** Thrown for a request that is not HTTP/1.1 as this server reads it. */
  static final class BadRequest extends IOException {
    BadRequest(String message) {
      super(message);
    }
  }

  /**
   * Reads one request, answering {@code Expect: 100-continue} on the way.
   *
   * @return the request, or null when the client closed the connection before sending one
   */
  static Request read(InputStream in, OutputStream out) throws IOException {
    String requestLine = line(in);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = line(in);
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest("not an HTTP/1.x request line");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      String header = line(in);
      if (header == null) {
        throw new BadRequest("the connection closed inside the headers");
      }
      if (header.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new BadRequest("more than " + MAX_HEADERS + " header lines");
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest("a header line without a name");
      }
      headers.merge(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    if ("100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    String path = parts[1];
    int query = path.indexOf('?');
    return new Request(
        parts[0].toUpperCase(Locale.ROOT),
        query < 0 ? path : path.substring(0, query),
        headers,
        body(in, headers));
  }

  /** Writes one response with a length; {@code close} adds {@code Connection: close}. */
  static void write(
      OutputStream out,
      int status,
      String reason,
      Map<String, String> headers,
      byte[] body,
      boolean close)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    head.append("Content-Type: application/json\r\n");
    head.append("Content-Length: ").append(body.length).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (close) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
    String encoding = headers.getOrDefault("transfer-encoding", "");
    if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      return chunked(in);
    }
    String length = headers.get("content-length");
    if (length == null) {
      return new byte[0];
    }
    long size;
    try {
      size = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw new BadRequest("Content-Length is not a number");
    }
    if (size < 0 || size > MAX_BODY) {
      throw new BadRequest("Content-Length " + size + " is out of range");
    }
    byte[] body = in.readNBytes((int) size);
    if (body.length != size) {
      throw new BadRequest("the connection closed inside the body");
    }
    return body;
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      if (sizeLine == null) {
        throw new BadRequest("the connection closed inside a chunked body");
      }
      int semicolon = sizeLine.indexOf(';');
      int size;
      try {
        size =
            Integer.parseInt(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new BadRequest("a chunk size is not hexadecimal");
      }
      if (size < 0 || body.size() + (long) size > MAX_BODY) {
        throw new BadRequest("the chunked body is too large");
      }
      if (size == 0) {
        String trailer = line(in);
        while (trailer != null && !trailer.isEmpty()) {
          trailer = line(in);
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new BadRequest("the connection closed inside a chunk");
      }
      body.write(chunk);
      line(in);
    }
  }

  /** One line without its CRLF (or LF), or null at the end of the stream before any byte. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new BadRequest("a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    if (line.size() > 0) {
      throw new BadRequest("the connection closed inside a line");
    }
    return null;
  }
}
