package dev.agentfleet.activities.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Starts several callers at the same instant, each on its own thread, and collects their results.
 */
final class Race {

  private Race() {}

  /**
   * Runs {@code callers} tasks released together by one latch.
   *
   * @param caller the task of caller {@code i}
   * @return the results in caller order; a caller's failure fails the race with its cause
   */
  static <T> List<T> run(int callers, IntFunction<Callable<T>> caller) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Callable<T> task = caller.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
