package dev.agentfleet.bench.runs;

import dev.agentfleet.bench.BenchFailure;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The time a benchmark may take. Past it, the benchmark fails with what it was waiting for and how
 * far it got, instead of hanging on a fleet that stopped moving.
 */
public final class Deadline {

  private final String benchmark;
  private final Duration budget;
  private final long endNanos;

  private Deadline(String benchmark, Duration budget) {
    this.benchmark = benchmark;
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  /** A deadline {@code budget} from now. */
  public static Deadline in(String benchmark, Duration budget) {
    return new Deadline(benchmark, budget);
  }

  public Duration budget() {
    return budget;
  }

  /** The time left; zero once passed. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  public boolean passed() {
    return System.nanoTime() >= endNanos;
  }

  /** Fails once the deadline passed, saying what was being awaited and where things stand. */
  public void check(String awaiting, Supplier<String> progress) {
    if (passed()) {
      throw new BenchFailure(
          benchmark
              + ": the deadline of "
              + budget.toSeconds()
              + " s passed while waiting for "
              + awaiting
              + " ("
              + progress.get()
              + ") — the fleet is far slower than expected or stuck; --timeout SECONDS gives it"
              + " longer");
    }
  }
}
