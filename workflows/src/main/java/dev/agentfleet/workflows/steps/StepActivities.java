package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.audit.AuditActivities;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.playbook.Execution;
import dev.agentfleet.workflows.playbook.RetrySpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Activity stubs for the step building blocks, with the fleet's default timeouts and retry
 * policies. Model calls and actions heartbeat, so a dead worker's call is retried after the 10 s
 * heartbeat timeout rather than the whole start-to-close timeout (4 min and 30 s); audit appends
 * are short and bounded by their 20 s start-to-close timeout. Each stub carries a summary ("step:
 * purpose") so the Web UI's timeline reads as the run's story.
 *
 * <p>A step that declares {@code execution: local} gets a local activity stub instead: the same
 * activity implementation, request (and so idempotency key) and retry policy, run by the worker
 * that runs the workflow task and recorded as a marker, each attempt bounded by {@link
 * Execution#LOCAL_ATTEMPT_TIMEOUT} and the whole call by {@link Execution#LOCAL_TOTAL_TIMEOUT}. It
 * does not heartbeat (a local activity cannot) and does not pass through the tier's model queue, so
 * the queue's fleet-wide rate limit does not count it.
 */
public final class StepActivities {

  private static final ActivityOptions MODEL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(4))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(5)
                  .setDoNotRetry(
                      ModelActivities.CONTRACT_VIOLATION,
                      ModelActivities.MODEL_UNAVAILABLE,
                      ModelActivities.QUOTA_EXCEEDED)
                  .build())
          .build();

  private static final ActivityOptions ACTION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(8)
                  .setDoNotRetry(
                      ActionActivities.APPROVAL_REQUIRED, ActionActivities.INVALID_ACTION)
                  .build())
          .build();

  private static final ActivityOptions AUDIT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  /**
   * A local audit write's timeout and retries: a few quick attempts in the worker (0.2 s, 0.4 s,
   * 0.8 s, 1.6 s apart); a run whose local write still fails writes with the audit activity, whose
   * retries never end ({@link AuditFlush#flushLocally}). A local activity retried without end needs
   * a schedule-to-close timeout; the SDK does not retry one that has neither.
   */
  private static final LocalActivityOptions LOCAL_AUDIT =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(AUDIT.getStartToCloseTimeout())
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(5)
                  .build())
          .setDoNotIncludeArgumentsIntoMarker(true)
          .build();

  private StepActivities() {}

  /**
   * The options with a playbook's retry policy laid over them: each field the policy sets replaces
   * the default, and its non-retryable types are added to the default ones.
   */
  static ActivityOptions withRetry(ActivityOptions options, RetrySpec spec) {
    if (spec == null) {
      return options;
    }
    return options.toBuilder().setRetryOptions(retry(options.getRetryOptions(), spec)).build();
  }

  /** The retry policy {@code base} with a playbook's policy laid over it (see withRetry). */
  static RetryOptions retry(RetryOptions base, RetrySpec spec) {
    if (spec == null) {
      return base;
    }
    RetryOptions.Builder retry = RetryOptions.newBuilder(base);
    if (spec.initialInterval() != null) {
      retry.setInitialInterval(Duration.parse(spec.initialInterval()));
    }
    if (spec.backoff() != null) {
      retry.setBackoffCoefficient(spec.backoff());
    }
    if (spec.maxInterval() != null) {
      retry.setMaximumInterval(Duration.parse(spec.maxInterval()));
    }
    if (spec.maxAttempts() != null) {
      retry.setMaximumAttempts(spec.maxAttempts());
    }
    if (!spec.nonRetryable().isEmpty()) {
      List<String> types = new ArrayList<>();
      if (base.getDoNotRetry() != null) {
        types.addAll(Arrays.asList(base.getDoNotRetry()));
      }
      types.addAll(spec.nonRetryable());
      retry.setDoNotRetry(types.toArray(new String[0]));
    }
    return retry.build();
  }

  /**
   * The options of a local step: the activity's retry policy with the step's laid over it, each
   * attempt and the whole call bounded as {@link Execution} says, its marker without the request.
   */
  static LocalActivityOptions local(ActivityOptions activity, RetrySpec spec, String summary) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Execution.LOCAL_ATTEMPT_TIMEOUT)
        .setScheduleToCloseTimeout(Execution.LOCAL_TOTAL_TIMEOUT)
        .setLocalRetryThreshold(Execution.LOCAL_RETRY_THRESHOLD)
        .setRetryOptions(retry(activity.getRetryOptions(), spec))
        // The marker keeps the result only: the request (prompt, contract, context) is rebuilt
        // from the run state on replay, and would add a copy of itself to every run's history.
        .setDoNotIncludeArgumentsIntoMarker(true)
        .setSummary(summary)
        .build();
  }

  public static ModelActivities model(String summary) {
    return Workflow.newActivityStub(
        ModelActivities.class, MODEL.toBuilder().setSummary(summary).build());
  }

  /**
   * A model stub on {@code queue}: the tier's own queue, whose server-side rate limit holds across
   * every worker, or the run's own queue (see {@link dev.agentfleet.workflows.run.ModelQueues},
   * which {@link dev.agentfleet.workflows.run.RunContext#modelQueue} asks), its retries following
   * the step's policy.
   */
  public static ModelActivities model(String summary, String queue, RetrySpec retry) {
    return Workflow.newActivityStub(
        ModelActivities.class,
        withRetry(MODEL, retry).toBuilder().setSummary(summary).setTaskQueue(queue).build());
  }

  /**
   * A model stub for a step: a local activity when it declares {@code execution: local}, else the
   * stub on {@code queue} ({@link #model(String, String, RetrySpec)}).
   */
  public static ModelActivities model(
      String summary, String queue, RetrySpec retry, Execution execution) {
    if (Execution.isLocal(execution)) {
      return Workflow.newLocalActivityStub(ModelActivities.class, local(MODEL, retry, summary));
    }
    return model(summary, queue, retry);
  }

  /**
   * An agent-turn stub on {@code queue} (as for model calls), with the model calls' timeouts,
   * heartbeat and retries, the step's policy laid over them.
   */
  public static AgentActivities agent(String summary, String queue, RetrySpec retry) {
    return Workflow.newActivityStub(
        AgentActivities.class,
        withRetry(MODEL, retry).toBuilder().setSummary(summary).setTaskQueue(queue).build());
  }

  public static ActionActivities action(String summary) {
    return action(summary, null);
  }

  /** An action stub whose retries follow the step's policy. */
  public static ActionActivities action(String summary, RetrySpec retry) {
    return Workflow.newActivityStub(
        ActionActivities.class, withRetry(ACTION, retry).toBuilder().setSummary(summary).build());
  }

  /**
   * An action stub for a step: a local activity when it declares {@code execution: local} (the
   * validator allows that on read-only operations only), else {@link #action(String, RetrySpec)}.
   */
  public static ActionActivities action(String summary, RetrySpec retry, Execution execution) {
    if (Execution.isLocal(execution)) {
      return Workflow.newLocalActivityStub(ActionActivities.class, local(ACTION, retry, summary));
    }
    return action(summary, retry);
  }

  public static AuditActivities audit() {
    return Workflow.newActivityStub(
        AuditActivities.class, AUDIT.toBuilder().setSummary("audit: append entries").build());
  }

  /**
   * An audit stub that appends in the calling workflow task (a local activity). Its marker records
   * no arguments: the entries are in the audit log, and a replay does not need them.
   */
  public static AuditActivities localAudit() {
    return Workflow.newLocalActivityStub(AuditActivities.class, LOCAL_AUDIT);
  }

  /** The summary shown for a step's activity: its id and what it is for. */
  public static String summary(String stepId, String purpose) {
    return purpose == null || purpose.isBlank() ? stepId : stepId + ": " + purpose;
  }
}
