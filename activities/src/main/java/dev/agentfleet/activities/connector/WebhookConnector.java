package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts notifications to a webhook (a chat channel, an incident tool): operation {@code post}, the
 * connector of notify steps and alerts on channel {@code webhook}. Every POST carries the header
 * {@code Idempotency-Key}, so an endpoint that deduplicates sees a retry as the same call.
 *
 * <p>Params: {@code url} (http or https; default {@code FLEET_WEBHOOK_URL}), and either {@code
 * json}, sent as the body as it is, or any other fields ({@code subject}, {@code body}, ...), sent
 * as a JSON object with the run's {@code workflowId}, {@code recordId}, {@code agent} and {@code
 * stepId} added, and {@code text} (the subject and body, for chat webhooks) when it is not given.
 * Returns {@code status}, {@code body} (the answer, at most 4,000 characters) and {@code host}; the
 * URL itself stays out of the result and the audit log, since webhook URLs often hold a secret.
 * Answers are sorted as for the {@code http} connector: 408, 429, 5xx and network errors are
 * retried ({@value #UNAVAILABLE}), other non-2xx answers fail for good.
 */
public final class WebhookConnector extends PostingConnector {

  public static final String NAME = ConnectorCatalog.WEBHOOK.name();

  /** Failure type of an answer worth retrying or of a network error. */
  public static final String UNAVAILABLE = SandboxFaults.UNAVAILABLE;

  private final URI configuredUrl;

  /** Creates the connector; without {@code url} each request must name its own. */
  public WebhookConnector(String url, Duration timeout) {
    super(ConnectorCatalog.WEBHOOK, timeout, UNAVAILABLE);
    this.configuredUrl = url == null ? null : httpUrl(url);
  }

  @Override
  public Map<String, Object> perform(ActionRequest request) {
    Map<String, Object> result = super.perform(request);
    result.put("host", url(request).getHost());
    return result;
  }

  /** The audit log records the status and host only: the body is the endpoint's. */
  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("status", result.get("status"));
    detail.put("host", result.get("host"));
    return detail;
  }

  @Override
  Object body(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    if (params.all().containsKey("json")) {
      return params.all().get("json");
    }
    Map<String, Object> body = new LinkedHashMap<>(params.all());
    body.remove("url");
    if (!body.containsKey("text")) {
      String subject = params.optionalText("subject", null);
      String text = params.optionalText("body", null);
      if (subject != null || text != null) {
        body.put("text", subject == null ? text : text == null ? subject : subject + "\n\n" + text);
      }
    }
    body.putIfAbsent("workflowId", request.workflowId());
    body.putIfAbsent("recordId", request.recordId());
    body.putIfAbsent("agent", request.agent());
    body.putIfAbsent("stepId", request.stepId());
    return body;
  }

  /** Scheme, host and port: a webhook's path often is its secret, so messages leave it out. */
  @Override
  String endpoint(URI url) {
    return origin(url);
  }

  @Override
  URI url(ActionRequest request) {
    String given = new ActionParams(request).optionalText("url", null);
    if (given == null || given.isBlank()) {
      if (configuredUrl == null) {
        throw ActionParams.invalid(
            request,
            "the webhook connector has no URL: pass params.url, or set FLEET_WEBHOOK_URL and"
                + " restart the worker");
      }
      return configuredUrl;
    }
    URI url = httpUrl(given);
    if (url == null) {
      throw ActionParams.invalid(
          request, "params.url must be an http or https URL such as https://hooks.example.com/x");
    }
    return url;
  }
}
