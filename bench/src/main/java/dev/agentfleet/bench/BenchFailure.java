package dev.agentfleet.bench;

/**
 * A benchmark could not measure what it set out to (a deadline passed, a run failed, the fleet did
 * not start). Its message says where and what was expected; it is not a missed target.
 */
public final class BenchFailure extends RuntimeException {

  public BenchFailure(String message) {
    super(message);
  }

  public BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
