package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.result.Numbers;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import dev.agentfleet.bench.stats.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI benchmark's figures from the measured calls: per verb the median wall time of a call with
 * the class cache (what a user gets) and without it ({@code FLEET_CLI_CDS=0}), measured alternately
 * in one run, and the targets on the verbs the issue names.
 *
 * @param cached seconds per call with the cache, by verb, in the order measured
 * @param uncached seconds per call without it, by verb
 */
record CliFigures(Map<String, List<Double>> cached, Map<String, List<Double>> uncached) {

  /** The verbs that must answer at once (issue 14: status, pending, runs, ledger). */
  static final List<String> TARGETED = List.of("status", "pending", "runs", "ledger");

  static final double TARGET_SECONDS = 0.5;
  static final double NOISE_MARGIN = 0.2;

  CliFigures {
    if (!cached.keySet().equals(uncached.keySet())) {
      throw new IllegalArgumentException(
          "cached and uncached calls of different verbs: "
              + cached.keySet()
              + " and "
              + uncached.keySet());
    }
    cached = copy(cached);
    uncached = copy(uncached);
  }

  private static Map<String, List<Double>> copy(Map<String, List<Double>> byVerb) {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    byVerb.forEach((verb, seconds) -> copy.put(verb, List.copyOf(seconds)));
    return copy;
  }

  double median(String verb) {
    return Percentiles.of(cached.get(verb)).p50();
  }

  double uncachedMedian(String verb) {
    return Percentiles.of(uncached.get(verb)).p50();
  }

  /** {@code statusMedianS}: the figure's key for a verb ({@code --version} is "version"). */
  static String key(String verb, boolean withCache) {
    String name = verb.startsWith("--") ? verb.substring(2) : verb;
    return name + (withCache ? "MedianS" : "NoCacheMedianS");
  }

  Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    for (String verb : cached.keySet()) {
      f.put(key(verb, true), Numbers.round(median(verb), 3));
      f.put(key(verb, false), Numbers.round(uncachedMedian(verb), 3));
    }
    f.put("slowestTargetedMedianS", Numbers.round(slowest(), 3));
    f.put("cacheSpeedup", Numbers.round(speedup(), 2));
    f.put("callsPerVerb", cached.values().iterator().next().size());
    return f;
  }

  /** The slowest median among the targeted verbs measured. */
  double slowest() {
    return targeted().stream().mapToDouble(this::median).max().orElse(Double.NaN);
  }

  /** Uncached over cached median, over the targeted verbs together (sum over sum). */
  double speedup() {
    double with = targeted().stream().mapToDouble(this::median).sum();
    double without = targeted().stream().mapToDouble(this::uncachedMedian).sum();
    return without / with;
  }

  private List<String> targeted() {
    return TARGETED.stream().filter(cached::containsKey).toList();
  }

  List<TargetCheck> targets() {
    List<TargetCheck> checks = new ArrayList<>();
    for (String verb : targeted()) {
      checks.add(
          TargetCheck.judge(
              key(verb, true),
              "./fleet " + verb + ", median wall time of a call, fleet up",
              "s",
              Comparison.AT_MOST,
              TARGET_SECONDS,
              NOISE_MARGIN,
              median(verb)));
    }
    return checks;
  }

  /** What limits the figures, from what was measured. */
  String limits() {
    String slowestVerb =
        targeted().stream()
            .max((a, b) -> Double.compare(median(a), median(b)))
            .orElseThrow(() -> new IllegalStateException("no targeted verb was measured"));
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "the slowest of %s is ./fleet %s at %.2f s a call with the class cache (%.2f s without"
                + " it; the cache makes the four %.2fx faster together)",
            String.join(", ", targeted()),
            slowestVerb,
            median(slowestVerb),
            uncachedMedian(slowestVerb),
            speedup()));
    if (cached.containsKey("--version")) {
      line.append(
          String.format(
              Locale.ROOT,
              "; a call that only starts the JVM and the CLI (--version) takes %.2f s, so the rest"
                  + " of a call is loading and running what the verb needs (gRPC, the Temporal"
                  + " client, the ledger driver) and its calls to Temporal",
              median("--version")));
    }
    return line.toString();
  }
}
