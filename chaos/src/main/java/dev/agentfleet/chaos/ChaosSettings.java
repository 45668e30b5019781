package dev.agentfleet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the chaos model server does to chat completions: how long it waits before answering, how
 * often it injects each {@link Fault}, and the seed that makes a run repeatable.
 *
 * <p>Settings are written as one line of comma-separated {@code key=value} pairs, for the {@code
 * FLEET_CHAOS} variable and {@code ./fleet up --model chaos --chaos SPEC}:
 *
 * <pre>
 * latency=lognormal:200ms:2s,429=0.05,500=0.03,503=0.02,reset=0.01,timeout=0.01,seed=7
 * </pre>
 *
 * <ul>
 *   <li>{@code latency=none | fixed:D | uniform:MIN:MAX | lognormal:MEDIAN:P99}, durations like
 *       {@code 250ms}, {@code 2s} or {@code 1m}; default {@code none}.
 *   <li>{@code faults=R}: a total fault rate spread evenly over every kind; a kind's own key, given
 *       too, overrides its share.
 *   <li>One rate per kind, a fraction ({@code 0.05}) or a percentage ({@code 5%}): {@code 429},
 *       {@code 500}, {@code 503}, {@code reset}, {@code timeout}, {@code malformed}, {@code
 *       contract}, {@code tool}. All rates together must be at most 1.
 *   <li>{@code retry-after=D}: the {@code Retry-After} of a 429, in whole seconds (rounded up);
 *       default {@code 1s}.
 *   <li>{@code hang=D}: how long a {@code timeout} fault holds the connection before closing it;
 *       default {@code 120s}, longer than any sensible client timeout.
 *   <li>{@code seed=N}: the seed of every random choice; default {@code 1}.
 * </ul>
 *
 * <p>{@code none} or an empty spec is a healthy server without latency. The port is not part of the
 * spec: the standalone server reads it from {@code FLEET_CHAOS_PORT}.
 *
 * @param latency the wait before every chat completion answer (or fault)
 * @param rates the probability of each fault per chat completion; every kind is present
 * @param retryAfter the {@code Retry-After} a 429 announces
 * @param hang how long a {@code timeout} fault holds the connection
 * @param seed the seed of the fault draws, latencies and answers
 * @param port the loopback port to listen on; 0 for any free port
 */
public record ChaosSettings(
    Latency latency,
    Map<Fault, Double> rates,
    Duration retryAfter,
    Duration hang,
    long seed,
    int port) {

  /** How long a timeout fault holds a connection unless told otherwise. */
  public static final Duration DEFAULT_HANG = Duration.ofSeconds(120);

  /** The {@code Retry-After} of a 429 unless told otherwise. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /** The seed unless told otherwise, so two runs with the same spec inject the same faults. */
  public static final long DEFAULT_SEED = 1;

  private static final double EPSILON = 1e-9;
  private static final String EXAMPLE = "latency=lognormal:200ms:2s,429=0.05,500=0.03,seed=7";

  public ChaosSettings {
    latency = latency == null ? Latency.none() : latency;
    EnumMap<Fault, Double> all = new EnumMap<>(Fault.class);
    for (Fault fault : Fault.values()) {
      Double rate = rates == null ? null : rates.get(fault);
      double value = rate == null ? 0 : rate;
      if (Double.isNaN(value) || value < 0 || value > 1) {
        throw new IllegalArgumentException(
            "chaos settings: the rate of '"
                + fault.key()
                + "' must be between 0 and 1, got "
                + rate);
      }
      all.put(fault, value);
    }
    double total = all.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total > 1 + EPSILON) {
      throw new IllegalArgumentException(
          "chaos settings: the fault rates add up to "
              + SpecValues.show(Math.round(total * 1e9) / 1e9)
              + "; they must add up to at most 1");
    }
    rates = Collections.unmodifiableMap(all);
    retryAfter = retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter;
    hang = hang == null ? DEFAULT_HANG : hang;
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("chaos settings: retry-after must not be negative");
    }
    if (hang.isNegative() || hang.isZero()) {
      throw new IllegalArgumentException("chaos settings: hang must be above zero");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "chaos settings: port must be between 0 and 65535, got " + port);
    }
  }

  /** A healthy server: no latency, no faults, any free port. */
  public static ChaosSettings none() {
    return new ChaosSettings(
        Latency.none(), Map.of(), DEFAULT_RETRY_AFTER, DEFAULT_HANG, DEFAULT_SEED, 0);
  }

  /** No latency and {@code totalRate} of faults, spread evenly over every kind. */
  public static ChaosSettings faults(double totalRate) {
    return none().withFaults(totalRate);
  }

  /** These settings with {@code totalRate} of faults spread evenly over every kind. */
  public ChaosSettings withFaults(double totalRate) {
    if (Double.isNaN(totalRate) || totalRate < 0 || totalRate > 1) {
      throw new IllegalArgumentException(
          "chaos settings: the total fault rate must be between 0 and 1, got " + totalRate);
    }
    Map<Fault, Double> even = new EnumMap<>(Fault.class);
    for (Fault fault : Fault.values()) {
      even.put(fault, totalRate / Fault.values().length);
    }
    return new ChaosSettings(latency, even, retryAfter, hang, seed, port);
  }

  /** These settings with one fault's rate replaced. */
  public ChaosSettings withRate(Fault fault, double rate) {
    Map<Fault, Double> changed = new EnumMap<>(rates);
    changed.put(fault, rate);
    return new ChaosSettings(latency, changed, retryAfter, hang, seed, port);
  }

  /** These settings with another latency distribution. */
  public ChaosSettings withLatency(Latency latency) {
    return new ChaosSettings(latency, rates, retryAfter, hang, seed, port);
  }

  /** These settings on another port (0: any free port). */
  public ChaosSettings withPort(int port) {
    return new ChaosSettings(latency, rates, retryAfter, hang, seed, port);
  }

  /** These settings with another seed. */
  public ChaosSettings withSeed(long seed) {
    return new ChaosSettings(latency, rates, retryAfter, hang, seed, port);
  }

  /** These settings with another hang for timeout faults. */
  public ChaosSettings withHang(Duration hang) {
    return new ChaosSettings(latency, rates, retryAfter, hang, seed, port);
  }

  /** These settings with another {@code Retry-After} for 429s. */
  public ChaosSettings withRetryAfter(Duration retryAfter) {
    return new ChaosSettings(latency, rates, retryAfter, hang, seed, port);
  }

  /** The probability of one fault per chat completion. */
  public double rate(Fault fault) {
    return rates.get(fault);
  }

  /** The probability that a chat completion meets any fault. */
  public double totalFaultRate() {
    return Math.min(1, rates.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  /**
   * Reads a spec line (see the class documentation). {@code null}, blank and {@code none} are a
   * healthy server.
   *
   * @throws IllegalArgumentException naming the offending key and the form it expects
   */
  public static ChaosSettings parse(String spec) {
    ChaosSettings settings = none();
    if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
      return settings;
    }
    Map<String, String> pairs = pairs(spec);
    if (pairs.containsKey("faults")) {
      settings = settings.withFaults(SpecValues.rate("faults", pairs.get("faults")));
    }
    Map<Fault, Double> rates = new EnumMap<>(settings.rates());
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      String key = pair.getKey();
      String value = pair.getValue();
      switch (key) {
        case "faults" -> {}
        case "latency" -> settings = settings.withLatency(Latency.parse(value));
        case "retry-after" -> settings = settings.withRetryAfter(SpecValues.duration(key, value));
        case "hang" -> {
          Duration hang = SpecValues.duration(key, value);
          if (hang.isZero()) {
            throw new IllegalArgumentException(
                "chaos spec: key 'hang' expects a duration above zero, like 120s, got '"
                    + value
                    + "'");
          }
          settings = settings.withHang(hang);
        }
        case "seed" -> settings = settings.withSeed(seed(value));
        default -> {
          Fault fault =
              Fault.byKey(key)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "chaos spec: unknown key '"
                                  + key
                                  + "'; expected latency, faults, "
                                  + Fault.keys()
                                  + ", retry-after, hang or seed (e.g. "
                                  + EXAMPLE
                                  + ")"));
          rates.put(fault, SpecValues.rate(key, value));
        }
      }
    }
    double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total > 1 + EPSILON) {
      throw new IllegalArgumentException(
          "chaos spec: the fault rates add up to "
              + SpecValues.show(Math.round(total * 1e9) / 1e9)
              + " in '"
              + spec.trim()
              + "'; they must add up to at most 1");
    }
    return new ChaosSettings(
        settings.latency(),
        rates,
        settings.retryAfter(),
        settings.hang(),
        settings.seed(),
        settings.port());
  }

  /**
   * The settings as one spec line that {@link #parse} reads back to equal settings (the port
   * aside): latency, {@code faults=R} when every kind has the same rate or else every non-zero
   * rate, then retry-after and hang when not the defaults, and the seed.
   */
  public String spec() {
    List<String> parts = new ArrayList<>();
    parts.add("latency=" + latency.spec());
    double first = rates.get(Fault.values()[0]);
    if (first > 0 && rates.values().stream().allMatch(rate -> rate == first)) {
      // Scaling by the number of kinds (eight, a power of two) is exact: parse divides it back.
      parts.add("faults=" + SpecValues.show(first * Fault.values().length));
    } else {
      for (Fault fault : Fault.values()) {
        if (rates.get(fault) > 0) {
          parts.add(fault.key() + "=" + SpecValues.show(rates.get(fault)));
        }
      }
    }
    if (!retryAfter.equals(DEFAULT_RETRY_AFTER)) {
      parts.add("retry-after=" + SpecValues.show(retryAfter));
    }
    if (!hang.equals(DEFAULT_HANG)) {
      parts.add("hang=" + SpecValues.show(hang));
    }
    parts.add("seed=" + seed);
    return String.join(",", parts);
  }

  private static Map<String, String> pairs(String spec) {
    Map<String, String> pairs = new java.util.LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (String item : spec.split(",", -1)) {
      String pair = item.trim();
      if (pair.isEmpty()) {
        throw new IllegalArgumentException(
            "chaos spec: an empty item in '"
                + spec.trim()
                + "'; expected KEY=VALUE pairs separated"
                + " by commas, e.g. "
                + EXAMPLE);
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "chaos spec: '" + pair + "' is not KEY=VALUE; expected e.g. " + EXAMPLE);
      }
      String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (!seen.add(key)) {
        throw new IllegalArgumentException("chaos spec: key '" + key + "' is given twice");
      }
      pairs.put(key, pair.substring(eq + 1).trim());
    }
    return pairs;
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "chaos spec: key 'seed' expects a whole number, like 7, got '" + value + "'", e);
    }
  }
}
