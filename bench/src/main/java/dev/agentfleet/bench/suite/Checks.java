package dev.agentfleet.bench.suite;

/** Command-line value checks; a bad value fails with a message that names the option. */
final class Checks {

  private Checks() {}

  static int positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
    return value;
  }

  static int notNegative(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be 0 or more, got " + value);
    }
    return value;
  }

  static double share(String option, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(option + " must be a share in (0, 1], got " + value);
    }
    return value;
  }
}
