package dev.agentfleet.bench.fleet;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping the processes a benchmark started. */
final class Processes {

  private Processes() {}

  /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
  static void stop(ProcessHandle process, Duration grace) {
    process.destroy();
    if (!awaitExit(process, grace)) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
  }

  /** Waits up to {@code timeout} for the process to end; true when it did. */
  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
