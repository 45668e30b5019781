package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.LedgerJson;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A connector that calls out ({@code http}, {@code webhook}) with one operation, {@code post}: it
 * sends the action as one JSON POST with the header {@code Idempotency-Key} and sorts the answer. A
 * 2xx is a result with its status and body (stripped, at most {@value #MAX_BODY_CHARS} characters);
 * 408, 429, 5xx and network errors fail retryably with the connector's unavailable type; any other
 * status fails for good as {@code INVALID_ACTION}, since the endpoint rejected the action.
 *
 * <p>A subclass says where the POST goes ({@link #url}), how messages name that endpoint ({@link
 * #endpoint}) and what it carries ({@link #body}).
 */
abstract class PostingConnector implements RemoteConnector {

  /** The one operation of a posting connector; the catalog declares it for each. */
  public static final String POST = "post";

  static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
  static final int MAX_BODY_CHARS = 4_000;

  private final ConnectorSpec spec;
  private final Duration timeout;
  private final String unavailableType;
  private final HttpClient client;

  PostingConnector(ConnectorSpec spec, Duration timeout, String unavailableType) {
    spec.requireImplemented(Set.of(POST));
    this.spec = spec;
    this.timeout = timeout;
    this.unavailableType = unavailableType;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Where the request is posted.
   *
   * @throws ApplicationFailure non-retryable {@code INVALID_ACTION} when there is nowhere to post
   */
  abstract URI url(ActionRequest request);

  /** How messages and logs name {@code url}: no credentials, no query. */
  abstract String endpoint(URI url);

  /** What the POST carries, written as JSON. */
  abstract Object body(ActionRequest request);

  @Override
  public final String name() {
    return spec.name();
  }

  @Override
  public final void check(ActionRequest request) {
    new ActionParams(request).requireOperation(spec);
    url(request);
  }

  @Override
  public Map<String, Object> perform(ActionRequest request) {
    URI url = url(request);
    String endpoint = endpoint(url);
    HttpRequest post =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY_HEADER, request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(LedgerJson.write(body(request))))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          "POST " + endpoint + " failed: " + e, unavailableType, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          "POST " + endpoint + " was interrupted", unavailableType, e);
    }
    int status = response.statusCode();
    String body = clip(response.body() == null ? "" : response.body().strip(), MAX_BODY_CHARS);
    if (status >= 200 && status < 300) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("status", status);
      result.put("body", body);
      return result;
    }
    String answer = "POST " + endpoint + " answered " + status;
    if (status == 408 || status == 429 || status >= 500) {
      throw ApplicationFailure.newFailure(answer + "; the action will be retried", unavailableType);
    }
    throw ApplicationFailure.newNonRetryableFailure(
        answer + ", so the endpoint rejected the action: " + clip(body, 300),
        ActionActivities.INVALID_ACTION);
  }

  /** Scheme, host and port of {@code url}. */
  static String origin(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** A valid http or https URL with a host, or null. */
  static URI httpUrl(String text) {
    try {
      URI uri = URI.create(text.strip());
      boolean http =
          "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
