package dev.agentfleet.workflows.memory;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The memory activity stub. Memory is a hint, not a duty: a call gets three attempts within about a
 * minute, and a run whose memory stays unavailable goes on without it.
 */
final class MemoryStubs {

  private static final ActivityOptions MEMORY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private MemoryStubs() {}

  static MemoryActivities memory(String summary) {
    return Workflow.newActivityStub(
        MemoryActivities.class, MEMORY.toBuilder().setSummary(summary).build());
  }

  /** The failure's type and message, for the run's record. */
  static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String type =
        cause instanceof ApplicationFailure app
            ? app.getType()
            : cause == null ? "ActivityFailure" : cause.getClass().getSimpleName();
    String message =
        cause instanceof TemporalFailure temporal
            ? temporal.getOriginalMessage()
            : failure.getMessage();
    return type + ": " + message;
  }
}
