package dev.agentfleet.activities.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model plane's settings, loaded once when the worker starts. Agents name a tier ({@code small}
 * or {@code large}); this record maps each tier to a model name and a price, and says which
 * provider serves the tiers. The API key is a secret: {@link #toString()} never shows it.
 *
 * @param provider {@code offline} (no network: embeddings and templates) or {@code openai} (any
 *     OpenAI-compatible endpoint)
 * @param openAiBaseUrl the endpoint's base URL, ending before {@code /chat/completions}
 * @param openAiApiKey the bearer key for the endpoint; may be null for local endpoints
 * @param smallModel the model that serves the {@code small} tier
 * @param largeModel the model that serves the {@code large} tier
 * @param smallPrice what the {@code small} tier costs per million tokens
 * @param largePrice what the {@code large} tier costs per million tokens
 * @param timeout how long one HTTP call to the model may take
 */
public record ModelConfig(
    String provider,
    String openAiBaseUrl,
    String openAiApiKey,
    String smallModel,
    String largeModel,
    Price smallPrice,
    Price largePrice,
    Duration timeout) {

  /** The provider that needs no network. */
  public static final String OFFLINE = "offline";

  /** The provider for OpenAI and OpenAI-compatible endpoints. */
  public static final String OPENAI = "openai";

  /** The tier for classification and extraction. */
  public static final String SMALL = "small";

  /** The tier for planning and drafting. */
  public static final String LARGE = "large";

  static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /**
   * The price of a model in US dollars per million tokens.
   *
   * @param inputPerMillion dollars per million prompt tokens
   * @param outputPerMillion dollars per million completion tokens
   */
  public record Price(double inputPerMillion, double outputPerMillion) {

    /** A price of zero, for models that cost nothing to call. */
    public static final Price FREE = new Price(0, 0);

    /** Returns what a call with these token counts costs, in US dollars. */
    public double cost(long inputTokens, long outputTokens) {
      return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }
  }

  public ModelConfig {
    provider = provider == null ? OFFLINE : provider.trim().toLowerCase(Locale.ROOT);
    openAiBaseUrl = blankToNull(openAiBaseUrl) == null ? DEFAULT_BASE_URL : openAiBaseUrl.trim();
    openAiApiKey = blankToNull(openAiApiKey);
    smallPrice = smallPrice == null ? Price.FREE : smallPrice;
    largePrice = largePrice == null ? Price.FREE : largePrice;
    timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
  }

  /** The offline configuration: no network, no key, no cost. */
  public static ModelConfig offline() {
    return fromEnv(Map.of());
  }

  /**
   * Reads the configuration from environment variables: {@code FLEET_MODEL_PROVIDER} (default
   * {@code offline}), {@code FLEET_OPENAI_BASE_URL}, {@code FLEET_OPENAI_API_KEY} (falling back to
   * {@code OPENAI_API_KEY}), {@code FLEET_MODEL_SMALL} (default {@code gpt-4o-mini}), {@code
   * FLEET_MODEL_LARGE} (default {@code gpt-4o}), {@code FLEET_MODEL_TIMEOUT_SECONDS} (default 60)
   * and the prices {@code FLEET_PRICE_SMALL_INPUT}, {@code FLEET_PRICE_SMALL_OUTPUT}, {@code
   * FLEET_PRICE_LARGE_INPUT}, {@code FLEET_PRICE_LARGE_OUTPUT} in dollars per million tokens.
   *
   * @throws IllegalArgumentException when a number does not parse, naming the variable
   */
  public static ModelConfig fromEnv(Map<String, String> env) {
    String key = blankToNull(env.get("FLEET_OPENAI_API_KEY"));
    if (key == null) {
      key = env.get("OPENAI_API_KEY");
    }
    return new ModelConfig(
        env.getOrDefault("FLEET_MODEL_PROVIDER", OFFLINE),
        env.get("FLEET_OPENAI_BASE_URL"),
        key,
        orDefault(env.get("FLEET_MODEL_SMALL"), "gpt-4o-mini"),
        orDefault(env.get("FLEET_MODEL_LARGE"), "gpt-4o"),
        new Price(
            number(env, "FLEET_PRICE_SMALL_INPUT", 0.15),
            number(env, "FLEET_PRICE_SMALL_OUTPUT", 0.60)),
        new Price(
            number(env, "FLEET_PRICE_LARGE_INPUT", 2.50),
            number(env, "FLEET_PRICE_LARGE_OUTPUT", 10.00)),
        Duration.ofSeconds((long) number(env, "FLEET_MODEL_TIMEOUT_SECONDS", 60)));
  }

  /**
   * Returns the model name that serves a tier.
   *
   * @throws ModelUnavailableException when the tier is neither {@code small} nor {@code large}
   */
  public String modelFor(String tier) {
    return switch (checkedTier(tier)) {
      case SMALL -> smallModel;
      default -> largeModel;
    };
  }

  /**
   * Returns the price of the model that serves a tier.
   *
   * @throws ModelUnavailableException when the tier is neither {@code small} nor {@code large}
   */
  public Price priceFor(String tier) {
    return switch (checkedTier(tier)) {
      case SMALL -> smallPrice;
      default -> largePrice;
    };
  }

  /**
   * Lists what is wrong with this configuration, in sentences that say what to set; empty when it
   * can serve calls.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!provider.equals(OFFLINE) && !provider.equals(OPENAI)) {
      problems.add("FLEET_MODEL_PROVIDER is '" + provider + "'; expected 'offline' or 'openai'");
    }
    if (provider.equals(OPENAI)) {
      if (openAiApiKey == null && openAiBaseUrl.equals(DEFAULT_BASE_URL)) {
        problems.add("provider 'openai' needs FLEET_OPENAI_API_KEY or OPENAI_API_KEY");
      }
      if (blankToNull(smallModel) == null || blankToNull(largeModel) == null) {
        problems.add("provider 'openai' needs FLEET_MODEL_SMALL and FLEET_MODEL_LARGE");
      }
      if (!openAiBaseUrl.startsWith("http://") && !openAiBaseUrl.startsWith("https://")) {
        problems.add("FLEET_OPENAI_BASE_URL must start with http:// or https://");
      }
    }
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add("FLEET_MODEL_TIMEOUT_SECONDS must be positive");
    }
    return problems;
  }

  /** Shows the configuration with the API key redacted, safe for logs. */
  @Override
  public String toString() {
    return "ModelConfig[provider="
        + provider
        + ", openAiBaseUrl="
        + openAiBaseUrl
        + ", openAiApiKey="
        + (openAiApiKey == null ? "<unset>" : "<redacted>")
        + ", smallModel="
        + smallModel
        + ", largeModel="
        + largeModel
        + ", smallPrice="
        + smallPrice
        + ", largePrice="
        + largePrice
        + ", timeout="
        + timeout
        + "]";
  }

  private static String checkedTier(String tier) {
    String normalized = tier == null ? "" : tier.trim().toLowerCase(Locale.ROOT);
    if (!normalized.equals(SMALL) && !normalized.equals(LARGE)) {
      throw new ModelUnavailableException(
          "unknown model tier '" + tier + "'; expected 'small' or 'large'");
    }
    return normalized;
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
    }
  }

  private static String orDefault(String value, String fallback) {
    return blankToNull(value) == null ? fallback : value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
