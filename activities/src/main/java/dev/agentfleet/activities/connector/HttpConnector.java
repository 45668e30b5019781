package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts actions to a configured HTTP endpoint ({@code FLEET_HTTP_CONNECTOR_URL}): operation {@code
 * post} sends a JSON object with the run's ids, the step and the {@code params}, and the header
 * {@code Idempotency-Key}, which the endpoint must use to deduplicate repeats.
 *
 * <p>A 2xx answer completes the action with its status and body (stripped, at most {@value
 * #MAX_BODY_CHARS} characters). 408, 429, 5xx and network errors are retried by Temporal; any other
 * answer means the endpoint rejected the action and fails it for good as {@code INVALID_ACTION}.
 */
public final class HttpConnector extends PostingConnector {

  public static final String NAME = ConnectorCatalog.HTTP.name();
  public static final String IDEMPOTENCY_KEY_HEADER = PostingConnector.IDEMPOTENCY_KEY_HEADER;

  /** Failure type of an answer worth retrying (408, 429, 5xx) or of a network error. */
  public static final String UNAVAILABLE = "HttpConnectorUnavailable";

  static final int MAX_BODY_CHARS = PostingConnector.MAX_BODY_CHARS;

  private final URI url;

  /** Creates the connector; {@code url} may be null, in which case every post is refused. */
  public HttpConnector(String url, Duration timeout) {
    super(ConnectorCatalog.HTTP, timeout, UNAVAILABLE);
    this.url = url == null ? null : URI.create(url);
  }

  @Override
  URI url(ActionRequest request) {
    if (url == null) {
      throw ActionParams.invalid(
          request,
          "the http connector has no endpoint; set FLEET_HTTP_CONNECTOR_URL to the URL that"
              + " receives actions and restart the worker");
    }
    return url;
  }

  @Override
  String endpoint(URI url) {
    return origin(url) + (url.getPath() == null ? "" : url.getPath());
  }

  @Override
  Object body(ActionRequest request) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("idempotencyKey", request.idempotencyKey());
    payload.put("workflowId", request.workflowId());
    payload.put("recordId", request.recordId());
    payload.put("agent", request.agent());
    payload.put("stepId", request.stepId());
    payload.put("operation", request.operation());
    payload.put("params", request.params() == null ? Map.of() : request.params());
    return payload;
  }

  /** The audit log records the status only: the body is the endpoint's and may hold anything. */
  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    return Map.of("status", result.get("status"));
  }
}
