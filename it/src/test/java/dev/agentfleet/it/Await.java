package dev.agentfleet.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; never a blind sleep. */
final class Await {

  private Await() {}

  /**
   * Polls {@code probe} every 250 ms until {@code done} accepts its value. A probe that throws is
   * polled again; on timeout the message names the last value seen and, when the last probe threw,
   * its error (also the cause), so a CI log says why without a stack trace to dig through.
   */
  static <T> T until(
      String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "timed out after "
            + timeout
            + " waiting for "
            + what
            + "; last seen: "
            + last
            + (lastError == null ? "" : "; last error: " + lastError),
        lastError);
  }
}
