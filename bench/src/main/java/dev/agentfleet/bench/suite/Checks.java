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

  /** At least 10 runs, so that a rate between the 10 % and the 90 % completion means something. */
  static int enoughForSteadyState(String option, int runs) {
    if (runs < 10) {
      throw new IllegalArgumentException(
          option
              + " must be at least 10 for a rate between 10 % and 90 % of completions, got "
              + runs);
    }
    return runs;
  }

  static double share(String option, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(option + " must be a share in (0, 1], got " + value);
    }
    return value;
  }
}
