package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * Reads the type and message a person needs out of a failed activity, and turns a step's failure
 * into its outcome.
 */
final class Failures {

  private Failures() {}

  /**
   * Records that step {@code stepId} failed for good (its retries are spent) in the run's errors
   * and audit log, and returns the outcome that says so: its {@code onError} step, else its failure
   * policy, applies next.
   */
  static StepOutcome.Failed fail(
      RunContext ctx, String stepId, String type, String message, String onError) {
    ctx.recordError(stepId, type, message);
    return StepOutcome.failed(stepId, type, message, onError);
  }

  static String type(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "Timeout." + timeout.getTimeoutType();
    }
    return cause == null ? "ActivityFailure" : cause.getClass().getSimpleName();
  }

  static String message(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }
}
