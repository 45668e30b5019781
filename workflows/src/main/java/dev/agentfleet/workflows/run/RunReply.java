package dev.agentfleet.workflows.run;

import io.temporal.failure.ApplicationFailure;

/**
 * A run's answer to what a person sent it as an update (a decision, a dead-letter answer, an
 * event), given in the same call: taken, and what that led to, or refused, and why. An update the
 * run's validator refuses never reaches the run and leaves no trace in its history; the caller gets
 * the {@link #refusal} failure instead of a reply.
 *
 * @param accepted true when the run took it
 * @param message what it led to ("approved step billing_approval as alice"), or why it was refused
 * @param status the run's status as it answered
 * @param step the step the run was at as it answered; null once it ended
 */
public record RunReply(boolean accepted, String message, RunStatus status, String step) {

  /** The run took it; {@code message} says what that led to. */
  public static RunReply accepted(String message, RunContext ctx) {
    return new RunReply(true, message, ctx.status(), currentStep(ctx));
  }

  /** The run refused it, for {@code reason}, after the validator had let it in. */
  public static RunReply refused(String reason, RunContext ctx) {
    return new RunReply(false, reason, ctx.status(), currentStep(ctx));
  }

  /**
   * What a validator throws to refuse an update. The caller's {@code WorkflowUpdateException} has
   * an {@link ApplicationFailure} cause whose original message is {@code reason} (the SDK does not
   * keep a validator failure's type).
   */
  public static ApplicationFailure refusal(String reason) {
    return ApplicationFailure.newNonRetryableFailure(reason, "UpdateRefused");
  }

  private static String currentStep(RunContext ctx) {
    return ctx.status().terminal() ? null : ctx.snapshot().currentStep();
  }
}
