package dev.agentfleet.activities.connector;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Settings of the connectors, loaded once when the worker starts.
 *
 * @param httpUrl where the {@code http} connector posts actions, or null when it is not set up
 *     ({@code FLEET_HTTP_CONNECTOR_URL})
 * @param httpTimeout how long one post of the {@code http} or {@code webhook} connector may take
 *     ({@code FLEET_HTTP_CONNECTOR_TIMEOUT}, seconds or an ISO-8601 duration, default 10 seconds)
 * @param webhookUrl where the {@code webhook} connector posts when a request names no {@code url},
 *     or null when it is not set up ({@code FLEET_WEBHOOK_URL})
 * @param sandboxFaults faults written to {@code sandbox_faults} when the worker starts, for the
 *     connector operations that have no row there yet ({@code FLEET_SANDBOX_FAULTS}, syntax in
 *     {@link SandboxFaultSpec})
 */
public record ConnectorConfig(
    String httpUrl, Duration httpTimeout, String webhookUrl, List<SandboxFault> sandboxFaults) {

  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);

  public ConnectorConfig {
    httpUrl = httpUrl == null || httpUrl.isBlank() ? null : httpUrl.strip();
    if (httpUrl != null) {
      requireHttpUrl("FLEET_HTTP_CONNECTOR_URL", httpUrl);
    }
    httpTimeout = httpTimeout == null ? DEFAULT_HTTP_TIMEOUT : httpTimeout;
    if (httpTimeout.isNegative() || httpTimeout.isZero()) {
      throw new IllegalArgumentException(
          "FLEET_HTTP_CONNECTOR_TIMEOUT must be positive, got " + httpTimeout);
    }
    webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
    if (webhookUrl != null) {
      requireHttpUrl("FLEET_WEBHOOK_URL", webhookUrl);
    }
    sandboxFaults = sandboxFaults == null ? List.of() : List.copyOf(sandboxFaults);
  }

  /** The settings of the http connector; no webhook URL, no faults. */
  public ConnectorConfig(String httpUrl, Duration httpTimeout) {
    this(httpUrl, httpTimeout, null, null);
  }

  public static ConnectorConfig defaults() {
    return new ConnectorConfig(null, null);
  }

  /**
   * Reads the settings from the environment; a malformed value fails with its variable's name. The
   * refund limit moved to {@code config/policies.yaml} (in the base currency): a worker started
   * with {@code FLEET_REFUND_AUTO_LIMIT} fails and says so, rather than ignore it.
   */
  public static ConnectorConfig fromEnv(Map<String, String> env) {
    String limit = env.get("FLEET_REFUND_AUTO_LIMIT");
    if (limit != null && !limit.isBlank()) {
      throw new IllegalArgumentException(
          "FLEET_REFUND_AUTO_LIMIT is no longer read: set the rule limit of payments.refund in"
              + " config/policies.yaml (in the base currency of config/currencies.yaml) and unset"
              + " the variable");
    }
    return new ConnectorConfig(
        env.get("FLEET_HTTP_CONNECTOR_URL"),
        timeout(env.get("FLEET_HTTP_CONNECTOR_TIMEOUT")),
        env.get("FLEET_WEBHOOK_URL"),
        SandboxFaultSpec.parse(env.get("FLEET_SANDBOX_FAULTS")));
  }

  private static Duration timeout(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    try {
      return t.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(t)) : Duration.parse(t);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "FLEET_HTTP_CONNECTOR_TIMEOUT must be seconds (10) or an ISO-8601 duration (PT10S), got '"
              + text
              + "'");
    }
  }

  private static void requireHttpUrl(String variable, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException(
          variable
              + " must be an http or https URL such as"
              + " https://hooks.example.com/fleet, got '"
              + url
              + "'");
    }
  }
}
