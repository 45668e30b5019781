package dev.agentfleet.activities.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The model client's HTTP transport: the JDK's HTTP client, like LangChain4j's default, except that
 * a refused call keeps the server's {@code Retry-After} ({@link Refused#retryAfter()}), so a
 * throttled call is retried when the provider said, not on the fleet's own backoff. Only plain
 * request/response calls are served; the fleet never streams.
 */
final class RetryAfterHttpClient implements HttpClient {

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final java.net.http.HttpClient jdk;
  private final Duration readTimeout;

  RetryAfterHttpClient(Duration connectTimeout, Duration readTimeout) {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    this.jdk = builder.build();
    this.readTimeout = readTimeout;
  }

  /** A refused call: its status, its body (for LangChain4j's error mapping) and the wait asked. */
  static final class Refused extends HttpException {

    private final transient Duration retryAfter;

    Refused(int statusCode, String body, Duration retryAfter) {
      super(statusCode, body);
      this.retryAfter = retryAfter;
    }

    /** What the server's {@code Retry-After} asked for, when it sent one that parses. */
    Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder call =
        java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    if (readTimeout != null) {
      call.timeout(readTimeout);
    }
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> call.header(name, value));
              }
            });
    call.method(
        request.method().name(),
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    HttpResponse<String> response;
    try {
      response = jdk.send(call.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the model", e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw new Refused(
          status,
          response.body(),
          response
              .headers()
              .firstValue("Retry-After")
              .flatMap(value -> parseRetryAfter(value, Instant.now()))
              .orElse(null));
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(status)
        .headers(response.headers().map())
        .body(response.body())
        .build();
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("the fleet's model client does not stream");
  }

  /**
   * Reads a {@code Retry-After} value: whole seconds, or an HTTP date (the wait until then, never
   * negative); empty when it is neither.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String text = value == null ? "" : value.strip();
    if (text.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Builds the client with the timeouts the OpenAI model builder hands it. */
  static final class Builder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return new RetryAfterHttpClient(connectTimeout, readTimeout);
    }
  }
}
