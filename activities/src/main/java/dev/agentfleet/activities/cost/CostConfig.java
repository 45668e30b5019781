package dev.agentfleet.activities.cost;

import dev.agentfleet.workflows.model.ModelTiers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cost governance settings, read once at start.
 *
 * @param cache whether model responses are cached ({@code FLEET_MODEL_CACHE}, on unless {@code
 *     off}); only the {@code offline} and {@code openai} providers use it
 * @param quotas per-agent spending quotas ({@code FLEET_QUOTAS}, default {@code
 *     $FLEET_REPO/config/quotas.yaml}, and {@code FLEET_QUOTA_<AGENT>})
 * @param ratesPerSecond the fleet-wide limit of model calls per second by tier ({@code
 *     FLEET_MODEL_RPS_SMALL}, {@code FLEET_MODEL_RPS_LARGE}); 0 or absent means no limit
 */
public record CostConfig(boolean cache, Quotas quotas, Map<String, Double> ratesPerSecond) {

  private static final Set<String> OFF = Set.of("off", "false", "0", "no", "disabled");

  public CostConfig {
    quotas = quotas == null ? Quotas.none() : quotas;
    ratesPerSecond = ratesPerSecond == null ? Map.of() : Map.copyOf(ratesPerSecond);
  }

  /** Caching on, no quotas, no rate limits. */
  public static CostConfig defaults() {
    return new CostConfig(true, Quotas.none(), Map.of());
  }

  /**
   * Reads the settings from the environment.
   *
   * @throws IllegalArgumentException naming the variable or file whose value does not parse
   */
  public static CostConfig fromEnv(Map<String, String> env) {
    String cache = env.getOrDefault("FLEET_MODEL_CACHE", "on").trim().toLowerCase(Locale.ROOT);
    Path repo = Path.of(env.getOrDefault("FLEET_REPO", "."));
    String file = env.get("FLEET_QUOTAS");
    Path quotasFile =
        file == null || file.isBlank()
            ? repo.resolve("config").resolve("quotas.yaml")
            : repo.resolve(file.trim());
    Map<String, Double> rates = new LinkedHashMap<>();
    for (String tier : ModelTiers.ALL) {
      String name = "FLEET_MODEL_RPS_" + tier.toUpperCase(Locale.ROOT);
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        rates.put(tier, rate(name, value));
      }
    }
    return new CostConfig(!OFF.contains(cache), Quotas.load(quotasFile, env), rates);
  }

  /** The calls per second allowed on a tier's model queue across the fleet; 0 for no limit. */
  public double ratePerSecond(String tier) {
    return ratesPerSecond.getOrDefault(tier, 0.0);
  }

  private static double rate(String name, String value) {
    try {
      double rate = Double.parseDouble(value.trim());
      if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
        throw new NumberFormatException("negative");
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be calls per second (0 or more), got '" + value + "'", e);
    }
  }
}
