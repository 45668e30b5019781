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
 * The CLI benchmark's figures from the measured calls: per verb the median wall time of a call as a
 * user makes it (answered by the resident CLI), in a JVM of its own with the class cache ({@code
 * FLEET_CLI_DAEMON=0}) and without it too ({@code FLEET_CLI_CDS=0}), measured alternately in one
 * run, and the targets on the verbs the issue names.
 *
 * @param resident seconds per call as a user makes it, by verb, in the order measured
 * @param cached seconds per call in a JVM of its own with the class cache, by verb
 * @param uncached seconds per call in a JVM of its own without it, by verb
 */
record CliFigures(
    Map<String, List<Double>> resident,
    Map<String, List<Double>> cached,
    Map<String, List<Double>> uncached) {

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
    return Percentiles.of(resident.get(verb)).p50();
  }

  double jvmMedian(String verb) {
    return Percentiles.of(cached.get(verb)).p50();
  }

  double uncachedMedian(String verb) {
    return Percentiles.of(uncached.get(verb)).p50();
  }

  /**
   * A verb's figure key: {@code statusMedianS} as a user calls it, {@code statusJvmMedianS} in a
   * JVM with the cache, {@code statusNoCacheMedianS} without ({@code --version} is "version").
   */
  static String key(String verb, String how) {
    String name = verb.startsWith("--") ? verb.substring(2) : verb;
    return name + how + "MedianS";
  }

  Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    for (String verb : resident.keySet()) {
      f.put(key(verb, ""), Numbers.round(median(verb), 3));
      f.put(key(verb, "Jvm"), Numbers.round(jvmMedian(verb), 3));
      f.put(key(verb, "NoCache"), Numbers.round(uncachedMedian(verb), 3));
    }
    f.put("slowestTargetedMedianS", Numbers.round(slowest(), 3));
    f.put("residentSpeedup", Numbers.round(ratio(this::jvmMedian, this::median), 2));
    f.put("cacheSpeedup", Numbers.round(ratio(this::uncachedMedian, this::jvmMedian), 2));
    f.put("callsPerVerb", resident.values().iterator().next().size());
    return f;
  }

  /** The slowest median among the targeted verbs measured. */
  double slowest() {
    return targeted().stream().mapToDouble(this::median).max().orElse(Double.NaN);
  }

  /** The slower way's medians over the faster way's, the targeted verbs together (sum / sum). */
  double ratio(
      java.util.function.ToDoubleFunction<String> slower,
      java.util.function.ToDoubleFunction<String> faster) {
    return targeted().stream().mapToDouble(slower).sum()
        / targeted().stream().mapToDouble(faster).sum();
  }

  private List<String> targeted() {
    return TARGETED.stream().filter(resident::containsKey).toList();
  }

  List<TargetCheck> targets() {
    List<TargetCheck> checks = new ArrayList<>();
    for (String verb : targeted()) {
      checks.add(
          TargetCheck.judge(
              key(verb, ""),
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
            "the slowest of %s is ./fleet %s at %.2f s a call as a user makes it (answered by the"
                + " resident CLI: its own time in the daemon is the verb's calls to Temporal and"
                + " the ledger, plus ~0.1 s of script and connection); in a JVM of its own it takes"
                + " %.2f s with the class cache and %.2f s without (the four together: the resident"
                + " CLI %.2fx faster than a JVM with the cache, the cache %.2fx faster than none)",
            String.join(", ", targeted()),
            slowestVerb,
            median(slowestVerb),
            jvmMedian(slowestVerb),
            uncachedMedian(slowestVerb),
            ratio(this::jvmMedian, this::median),
            ratio(this::uncachedMedian, this::jvmMedian)));
    if (cached.containsKey("--version")) {
      line.append(
          String.format(
              Locale.ROOT,
              "; a JVM that only starts the CLI (--version) takes %.2f s",
              jvmMedian("--version")));
    }
    return line.toString();
  }
}
