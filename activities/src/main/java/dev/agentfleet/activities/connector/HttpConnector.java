package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.LedgerJson;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
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
 * Posts actions to a configured HTTP endpoint ({@code FLEET_HTTP_CONNECTOR_URL}): operation {@code
 * post} sends a JSON object with the run's ids, the step and the {@code params}, and the header
 * {@code Idempotency-Key}, which the endpoint must use to deduplicate repeats.
 *
 * <p>A 2xx answer completes the action with its status and body (stripped, at most {@value
 * #MAX_BODY_CHARS} characters). 408, 429, 5xx and network errors are retried by Temporal; any other
 * answer means the endpoint rejected the action and fails it for good as {@code INVALID_ACTION}.
 */
public final class HttpConnector implements RemoteConnector {

  public static final String NAME = "http";
  public static final String POST = "post";
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  /** Failure type of an answer worth retrying (408, 429, 5xx) or of a network error. */
  public static final String UNAVAILABLE = "HttpConnectorUnavailable";

  static final int MAX_BODY_CHARS = 4_000;

  private final URI url;
  private final Duration timeout;
  private final HttpClient client;

  /** Creates the connector; {@code url} may be null, in which case every post is refused. */
  public HttpConnector(String url, Duration timeout) {
    this.url = url == null ? null : URI.create(url);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(ActionRequest request) {
    new ActionParams(request).requireOperation(Set.of(POST));
    if (url == null) {
      throw ActionParams.invalid(
          request,
          "the http connector has no endpoint; set FLEET_HTTP_CONNECTOR_URL to the URL that"
              + " receives actions and restart the worker");
    }
  }

  @Override
  public Map<String, Object> perform(ActionRequest request) {
    check(request);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("idempotencyKey", request.idempotencyKey());
    payload.put("workflowId", request.workflowId());
    payload.put("recordId", request.recordId());
    payload.put("agent", request.agent());
    payload.put("stepId", request.stepId());
    payload.put("operation", request.operation());
    payload.put("params", request.params() == null ? Map.of() : request.params());
    HttpRequest post =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY_HEADER, request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(LedgerJson.write(payload)))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          "POST " + endpoint() + " failed: " + e, UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          "POST " + endpoint() + " was interrupted", UNAVAILABLE, e);
    }
    int status = response.statusCode();
    String body = clip(response.body());
    if (status >= 200 && status < 300) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("status", status);
      result.put("body", body);
      return result;
    }
    String answer = "POST " + endpoint() + " answered " + status;
    if (status == 408 || status == 429 || status >= 500) {
      throw ApplicationFailure.newFailure(answer + "; the action will be retried", UNAVAILABLE);
    }
    throw ApplicationFailure.newNonRetryableFailure(
        answer + ", so the endpoint rejected the action: " + clip(body, 300),
        ActionActivities.INVALID_ACTION);
  }

  /** The audit log records the status only: the body is the endpoint's and may hold anything. */
  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    return Map.of("status", result.get("status"));
  }

  /** The endpoint without credentials or query, safe for messages and logs. */
  private String endpoint() {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getPath() == null ? "" : url.getPath());
  }

  private static String clip(String body) {
    return clip(body == null ? "" : body.strip(), MAX_BODY_CHARS);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
