package dev.agentfleet.bench.suite;

import java.util.Locale;
import java.util.Map;

/**
 * Dollars per million tokens by tier, as the fleet prices model calls: {@code
 * FLEET_PRICE_{SMALL,LARGE}_{INPUT,OUTPUT}} with the worker's defaults (gpt-4o-mini and gpt-4o list
 * prices). The offline model costs nothing; the cost benchmark prices its token counts with these
 * to show what a hosted model would have cost.
 */
record ListPrices(double smallInput, double smallOutput, double largeInput, double largeOutput) {

  static ListPrices fromEnv(Map<String, String> env) {
    return new ListPrices(
        price(env, "FLEET_PRICE_SMALL_INPUT", 0.15),
        price(env, "FLEET_PRICE_SMALL_OUTPUT", 0.60),
        price(env, "FLEET_PRICE_LARGE_INPUT", 2.50),
        price(env, "FLEET_PRICE_LARGE_OUTPUT", 10.00));
  }

  /** What {@code input} and {@code output} tokens on {@code tier} cost, in dollars. */
  double cost(String tier, long input, long output) {
    boolean large = "large".equals(tier);
    return (input * (large ? largeInput : smallInput)
            + output * (large ? largeOutput : smallOutput))
        / 1e6;
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "small %.2f / %.2f, large %.2f / %.2f dollars per million input / output tokens",
        smallInput,
        smallOutput,
        largeInput,
        largeOutput);
  }

  private static double price(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
    }
  }
}
