package dev.agentfleet.bench;

import dev.agentfleet.bench.result.Measurement;
import java.util.Map;

/**
 * One benchmark: it starts its own fleet, measures, stops the fleet (also when it fails) and
 * returns its figures judged against their targets.
 */
public interface Benchmark {

  /** The name {@code ./fleet bench NAME} knows it by; also its result file's name. */
  String name();

  /** What it measures, in a few words. */
  String title();

  /** The sizes and settings it runs with, as the result records them. */
  Map<String, Object> parameters();

  /**
   * Runs the benchmark.
   *
   * @throws BenchFailure when it could not measure (a deadline, a failed run, a fleet that did not
   *     start)
   */
  Measurement run(BenchContext context);
}
