package dev.agentfleet.bench.suite;

import java.util.Map;

/**
 * What the overhead, throughput and baseline benchmarks share: the chain agent on the offline model
 * with no added latency and the response cache off, so every step is a model call and nothing waits
 * but the fleet and Temporal.
 */
final class ZeroLatencyChain {

  /** The worker settings of these benchmarks (the command line's go on top). */
  static final Map<String, String> WORKER_SETTINGS =
      Map.of("FLEET_MODEL_LATENCY_MS", "0", "FLEET_MODEL_CACHE", "off");

  private ZeroLatencyChain() {}

  /** Records the model's settings among a benchmark's parameters. */
  static void describe(Map<String, Object> parameters) {
    parameters.put("modelLatencyMs", 0);
    parameters.put("responseCache", "off");
  }
}
