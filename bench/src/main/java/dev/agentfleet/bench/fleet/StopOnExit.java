package dev.agentfleet.bench.fleet;

/**
 * Stops a benchmark's fleet when the JVM exits before the benchmark closed it (Ctrl-C, a kill): a
 * shutdown hook, removed again once the fleet closed the ordinary way.
 */
final class StopOnExit {

  private final Thread hook;

  private StopOnExit(Thread hook) {
    this.hook = hook;
  }

  /** Registers {@code stop} to run when the JVM exits. */
  static StopOnExit register(Runnable stop, String name) {
    Thread hook = new Thread(stop, name);
    Runtime.getRuntime().addShutdownHook(hook);
    return new StopOnExit(hook);
  }

  /** Removes the hook, unless it is the hook that is stopping the fleet. */
  void release() {
    if (Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already; the hook runs the stop once more and it returns.
    }
  }
}
