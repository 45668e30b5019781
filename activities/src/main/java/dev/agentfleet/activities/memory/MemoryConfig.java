package dev.agentfleet.activities.memory;

import java.util.Map;

/**
 * The short-term memory's settings.
 *
 * @param maxItems the most cases one agent keeps in one namespace ({@code FLEET_MEMORY_MAX_ITEMS},
 *     default {@value #DEFAULT_MAX_ITEMS}); remembering one more evicts the oldest. Recall compares
 *     every unexpired case of the namespace, so this also bounds the cost of a recall.
 */
public record MemoryConfig(int maxItems) {

  /** The default cap per agent and namespace. */
  public static final int DEFAULT_MAX_ITEMS = 1000;

  public MemoryConfig {
    if (maxItems < 1) {
      throw new IllegalArgumentException(
          "FLEET_MEMORY_MAX_ITEMS must be at least 1, got " + maxItems);
    }
  }

  /** Reads {@code FLEET_MEMORY_MAX_ITEMS}; a malformed value fails with the variable's name. */
  public static MemoryConfig fromEnv(Map<String, String> env) {
    String value = env.get("FLEET_MEMORY_MAX_ITEMS");
    if (value == null || value.isBlank()) {
      return new MemoryConfig(DEFAULT_MAX_ITEMS);
    }
    try {
      return new MemoryConfig(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FLEET_MEMORY_MAX_ITEMS must be a whole number, got '" + value + "'", e);
    }
  }
}
