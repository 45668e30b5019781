package dev.agentfleet.activities.connector;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Settings of the connectors, loaded once when the worker starts.
 *
 * @param refundAutoLimit the largest refund a {@code rule} attestation may approve; above it a
 *     human must ({@code FLEET_REFUND_AUTO_LIMIT}, default 50)
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
    BigDecimal refundAutoLimit,
    String httpUrl,
    Duration httpTimeout,
    String webhookUrl,
    List<SandboxFault> sandboxFaults) {

  public static final BigDecimal DEFAULT_REFUND_AUTO_LIMIT = new BigDecimal("50");
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);

  public ConnectorConfig {
    refundAutoLimit = refundAutoLimit == null ? DEFAULT_REFUND_AUTO_LIMIT : refundAutoLimit;
    if (refundAutoLimit.signum() < 0) {
      throw new IllegalArgumentException(
          "FLEET_REFUND_AUTO_LIMIT must be 0 or more, got " + refundAutoLimit.toPlainString());
    }
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

  /** The settings of the payments and http connectors; no webhook URL, no faults. */
  public ConnectorConfig(BigDecimal refundAutoLimit, String httpUrl, Duration httpTimeout) {
    this(refundAutoLimit, httpUrl, httpTimeout, null, null);
  }

  public static ConnectorConfig defaults() {
    return new ConnectorConfig(null, null, null);
  }

  /** Reads the settings from the environment; a malformed value fails with its variable's name. */
  public static ConnectorConfig fromEnv(Map<String, String> env) {
    return new ConnectorConfig(
        limit(env.get("FLEET_REFUND_AUTO_LIMIT")),
        env.get("FLEET_HTTP_CONNECTOR_URL"),
        timeout(env.get("FLEET_HTTP_CONNECTOR_TIMEOUT")),
        env.get("FLEET_WEBHOOK_URL"),
        SandboxFaultSpec.parse(env.get("FLEET_SANDBOX_FAULTS")));
  }

  private static BigDecimal limit(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FLEET_REFUND_AUTO_LIMIT must be a number such as 50 or 49.99, got '" + text + "'");
    }
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
