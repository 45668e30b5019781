package dev.agentfleet.workflows.run;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The durable timers of a run, each with a summary that says what it waits for ("approval deadline
 * of support_approval", "wait step follow_up"), so the Web UI's timeline shows a timer's purpose
 * instead of its sequence number.
 *
 * <p>{@link #sleep} makes the same {@code StartTimer} command as {@link Workflow#sleep}; the
 * summary travels in the command's user metadata, which replay does not compare. {@link #await}
 * makes the commands {@link Workflow#await(Duration, Supplier)} makes on this SDK (no timer when
 * the condition already holds; the timer cancelled once the condition holds), but it builds the
 * timer itself, since the SDK's await takes no options; runs recorded before this change (no
 * {@value #CHANGE} marker) keep the SDK's await on replay.
 */
public final class DurableTimers {

  /**
   * The {@link Workflow#getVersion} change id under which waits with a deadline carry a summary.
   */
  public static final String CHANGE = "timer-summaries";

  private DurableTimers() {}

  /** Sleeps for {@code duration} on a durable timer that carries {@code summary}. */
  public static void sleep(Duration duration, String summary) {
    Workflow.newTimer(duration, options(summary)).get();
  }

  /**
   * Waits until {@code condition} holds or {@code timeout} passes, on a durable timer that carries
   * {@code summary}.
   *
   * @return true when the condition held, false when the timeout passed first
   */
  public static boolean await(Duration timeout, String summary, Supplier<Boolean> condition) {
    if (Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return Workflow.await(timeout, condition);
    }
    if (condition.get()) {
      return true;
    }
    TimerHolder holder = new TimerHolder();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> holder.timer = Workflow.newTimer(timeout, options(summary)));
    scope.run();
    Workflow.await(() -> holder.timer.isCompleted() || condition.get());
    boolean held = !holder.timer.isCompleted();
    if (held) {
      scope.cancel("the awaited condition holds");
    }
    return held;
  }

  private static TimerOptions options(String summary) {
    String text = summary == null || summary.isBlank() ? "timer" : summary.strip();
    return TimerOptions.newBuilder().setSummary(text).build();
  }

  /** Carries the timer out of the cancellation scope's lambda. */
  private static final class TimerHolder {
    private Promise<Void> timer;
  }
}
