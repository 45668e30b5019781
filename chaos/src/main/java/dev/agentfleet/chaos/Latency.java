package dev.agentfleet.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * How long the chaos model server waits before it answers a chat completion: no wait, a fixed
 * delay, a uniform range, or a log-normal distribution given its median and 99th percentile (the
 * long tail real model endpoints have). A sample is a function of two uniform draws, so a seeded
 * server waits the same for the same request number.
 */
public sealed interface Latency {

  /** The longest wait any distribution gives, to keep a heavy tail finite. */
  Duration CAP = Duration.ofMinutes(10);

  /** The wait for two independent uniform draws in {@code [0, 1)}, in milliseconds. */
  long sampleMillis(double u1, double u2);

  /** The distribution as the spec writes it: {@code none}, {@code fixed:200ms}, .... */
  String spec();

  /** No added latency. */
  static Latency none() {
    return new Fixed(Duration.ZERO);
  }

  /** Always {@code delay}. */
  static Latency fixed(Duration delay) {
    return new Fixed(delay);
  }

  /** Uniform between {@code min} and {@code max}. */
  static Latency uniform(Duration min, Duration max) {
    return new Uniform(min, max);
  }

  /** Log-normal with the given median and 99th percentile. */
  static Latency logNormal(Duration median, Duration p99) {
    return new LogNormal(median, p99);
  }

  /**
   * Reads a distribution: {@code none}, {@code fixed:D}, {@code uniform:MIN:MAX} or {@code
   * lognormal:MEDIAN:P99}, each duration like {@code 250ms} or {@code 2s}.
   *
   * @throws IllegalArgumentException naming the key {@code latency} and the expected form
   */
  static Latency parse(String text) {
    String value = text == null ? "" : text.trim();
    String[] parts = value.split(":", -1);
    String kind = parts[0].trim().toLowerCase(Locale.ROOT);
    try {
      return switch (kind) {
        case "none" -> {
          arity(parts, 0);
          yield none();
        }
        case "fixed" -> {
          arity(parts, 1);
          yield new Fixed(at(parts, 1));
        }
        case "uniform" -> {
          arity(parts, 2);
          yield new Uniform(at(parts, 1), at(parts, 2));
        }
        case "lognormal" -> {
          arity(parts, 2);
          yield new LogNormal(at(parts, 1), at(parts, 2));
        }
        default -> throw new IllegalArgumentException("unknown distribution '" + parts[0] + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "chaos spec: key 'latency' expects none, fixed:D, uniform:MIN:MAX or"
              + " lognormal:MEDIAN:P99 with durations like 250ms or 2s, got '"
              + text
              + "' ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static void arity(String[] parts, int durations) {
    if (parts.length - 1 != durations) {
      throw new IllegalArgumentException(
          "'" + parts[0] + "' takes " + durations + " duration(s), got " + (parts.length - 1));
    }
  }

  private static Duration at(String[] parts, int index) {
    return SpecValues.duration("latency", parts[index]);
  }

  private static long capped(double millis) {
    return (long) Math.min(Math.max(0, millis), CAP.toMillis());
  }

  private static void requireNonNegative(String what, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be a duration of zero or more, got " + d);
    }
  }

  /** Always the same delay. */
  record Fixed(Duration delay) implements Latency {
    public Fixed {
      requireNonNegative("fixed latency", delay);
    }

    @Override
    public long sampleMillis(double u1, double u2) {
      return capped(delay.toMillis());
    }

    @Override
    public String spec() {
      return delay.isZero() ? "none" : "fixed:" + SpecValues.show(delay);
    }
  }

  /** Every delay between {@code min} and {@code max} equally likely. */
  record Uniform(Duration min, Duration max) implements Latency {
    public Uniform {
      requireNonNegative("uniform latency min", min);
      requireNonNegative("uniform latency max", max);
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "uniform latency: max "
                + SpecValues.show(max)
                + " is below min "
                + SpecValues.show(min));
      }
    }

    @Override
    public long sampleMillis(double u1, double u2) {
      return capped(min.toMillis() + u1 * (max.toMillis() - min.toMillis()));
    }

    @Override
    public String spec() {
      return "uniform:" + SpecValues.show(min) + ":" + SpecValues.show(max);
    }
  }

  /**
   * Log-normal: half the delays under {@code median}, one in a hundred over {@code p99}, a few far
   * over it (capped at {@link #CAP}).
   */
  record LogNormal(Duration median, Duration p99) implements Latency {

    /** The standard normal's 99th percentile. */
    private static final double Z99 = 2.3263478740408408;

    public LogNormal {
      requireNonNegative("lognormal latency median", median);
      requireNonNegative("lognormal latency p99", p99);
      if (median.isZero()) {
        throw new IllegalArgumentException("lognormal latency: the median must be above zero");
      }
      if (p99.compareTo(median) < 0) {
        throw new IllegalArgumentException(
            "lognormal latency: p99 "
                + SpecValues.show(p99)
                + " is below the median "
                + SpecValues.show(median));
      }
    }

    @Override
    public long sampleMillis(double u1, double u2) {
      double mu = Math.log(median.toMillis());
      double sigma = (Math.log(p99.toMillis()) - mu) / Z99;
      // Box-Muller: two uniforms make one standard normal; 1 - u1 keeps the logarithm finite.
      double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      return capped(Math.exp(mu + sigma * z));
    }

    @Override
    public String spec() {
      return "lognormal:" + SpecValues.show(median) + ":" + SpecValues.show(p99);
    }
  }
}
