package dev.agentfleet.activities.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-agent spending quotas, read once at start from a YAML file ({@code config/quotas.yaml}:
 * {@code support-triage: {usd: 5.0, window: PT24H}}) and from {@code FLEET_QUOTA_<AGENT>} variables
 * ({@code FLEET_QUOTA_SUPPORT_TRIAGE=5.0} or {@code 5.0/PT1H}), which win over the file. An agent
 * with no quota may spend without limit.
 */
public final class Quotas {

  /**
   * The prefix of the quota variables; the agent's name follows in capitals, dashes as {@code _}.
   */
  public static final String ENV_PREFIX = "FLEET_QUOTA_";

  /** What an agent's name may not keep in its variable's name (asked once per model call). */
  private static final Pattern NOT_IN_ENV_NAME = Pattern.compile("[^A-Z0-9]");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Quota> byAgent;
  private final Map<String, Quota> byEnvName;

  private Quotas(Map<String, Quota> byAgent, Map<String, Quota> byEnvName) {
    this.byAgent = Map.copyOf(byAgent);
    this.byEnvName = Map.copyOf(byEnvName);
  }

  /** No quotas at all. */
  public static Quotas none() {
    return new Quotas(Map.of(), Map.of());
  }

  /** Quotas for named agents, for tests and embedding. */
  public static Quotas of(Map<String, Quota> byAgent) {
    return new Quotas(byAgent, Map.of());
  }

  /**
   * Reads the quotas from a file (skipped when it does not exist) and the environment.
   *
   * @throws IllegalArgumentException naming the file or variable when a quota does not parse
   */
  public static Quotas load(Path file, Map<String, String> env) {
    Map<String, Quota> fromFile = file != null && Files.isRegularFile(file) ? read(file) : Map.of();
    Map<String, Quota> fromEnv = new LinkedHashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            fromEnv.put(name, parseEnv(name, value));
          }
        });
    return new Quotas(fromFile, fromEnv);
  }

  /** The quota of an agent: its variable if set, else its entry in the file, else none. */
  public Optional<Quota> forAgent(String agent) {
    if (agent == null) {
      return Optional.empty();
    }
    Quota fromEnv = byEnvName.get(envName(agent));
    return Optional.ofNullable(fromEnv != null ? fromEnv : byAgent.get(agent));
  }

  /**
   * The variable that sets an agent's quota: {@code support-triage} → FLEET_QUOTA_SUPPORT_TRIAGE.
   */
  public static String envName(String agent) {
    return ENV_PREFIX + NOT_IN_ENV_NAME.matcher(agent.toUpperCase(Locale.ROOT)).replaceAll("_");
  }

  private static Map<String, Quota> read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read quotas " + file + ": " + e.getMessage(), e);
    }
    Map<String, Quota> quotas = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return quotas;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          file
              + ": expected a map of agent names to {usd, window}, such as"
              + " 'support-triage: {usd: 5.0, window: PT24H}'");
    }
    root.properties()
        .forEach(
            entry -> {
              String where = file + ": " + entry.getKey();
              JsonNode usd = entry.getValue().path("usd");
              if (!usd.isNumber()) {
                throw new IllegalArgumentException(where + ".usd: expected a number of dollars");
              }
              JsonNode window = entry.getValue().path("window");
              quotas.put(
                  entry.getKey(),
                  quota(where, usd.asDouble(), window.isMissingNode() ? null : window.asText()));
            });
    return quotas;
  }

  private static Quota parseEnv(String name, String value) {
    String text = value == null ? "" : value.trim();
    int slash = text.indexOf('/');
    String amount = slash < 0 ? text : text.substring(0, slash).trim();
    String window = slash < 0 ? null : text.substring(slash + 1).trim();
    try {
      return quota(name, Double.parseDouble(amount), window);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name
              + " must be dollars, optionally with a window (5.0 or 5.0/PT24H), got '"
              + value
              + "'",
          e);
    }
  }

  private static Quota quota(String where, double usd, String window) {
    try {
      return new Quota(usd, window == null ? null : Duration.parse(window));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": window must be an ISO-8601 duration such as PT24H, got '" + window + "'", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
