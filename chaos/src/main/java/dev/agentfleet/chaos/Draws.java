package dev.agentfleet.chaos;

import java.nio.charset.StandardCharsets;

/**
 * Seeded pseudo-random numbers addressed by position rather than drawn from shared state: the
 * {@code n}-th request's draws depend only on the seed and {@code n}, so concurrent requests need
 * no lock and a seeded run is repeatable. SplitMix64 mixing.
 */
final class Draws {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Draws() {}

  /** A uniform double in {@code [0, 1)} for position {@code n} and one of its streams. */
  static double unit(long seed, long n, int stream) {
    return (mix(seed + GOLDEN * (n * 8 + stream + 1)) >>> 11) * 0x1.0p-53;
  }

  /** A well-mixed hash of a text under a seed, for choices that must follow the request. */
  static long hash(long seed, String text) {
    long h = mix(seed ^ GOLDEN);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    return h;
  }

  /** An index in {@code [0, size)} from a hash. */
  static int pick(long hash, int size) {
    return (int) Math.floorMod(hash, (long) size);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
