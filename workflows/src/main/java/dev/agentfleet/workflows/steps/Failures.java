package dev.agentfleet.workflows.steps;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** Reads the type and message a person needs out of a failed activity. */
final class Failures {

  private Failures() {}

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
