package dev.agentfleet.activities.heartbeat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats an activity while it waits on something slow (a model call), so that when its worker
 * dies the server notices within the heartbeat timeout and retries elsewhere, instead of waiting
 * for the whole start-to-close timeout. Outside an activity (a unit test calling the implementation
 * directly) it does nothing.
 */
public final class Heartbeats implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleet-activity-heartbeats");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledFuture<?> task;

  private Heartbeats(ScheduledFuture<?> task) {
    this.task = task;
  }

  /**
   * Starts heartbeating the current activity every {@code every} until closed, the first beat after
   * {@code every}: a call that ends sooner costs the server nothing.
   */
  public static Heartbeats start(Duration every) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException | NullPointerException notInActivity) {
      return new Heartbeats(null);
    }
    ScheduledFuture<?> task =
        TIMER.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(null);
              } catch (ActivityCompletionException | IllegalStateException stopped) {
                // The activity was cancelled or already finished: the caller's own call decides.
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    return new Heartbeats(task);
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
