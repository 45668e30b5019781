package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * How a step's activity runs. {@link #ACTIVITY} (the default) schedules it through the Temporal
 * server like any activity; {@link #LOCAL} runs it as a local activity in the worker that runs the
 * workflow task, its result recorded as a marker: fewer round trips and history events, at the
 * price that a worker crash before the result is recorded runs the step's call again. The validator
 * allows {@code local} only on steps that are short and safe to repeat (model steps and read-only
 * connector operations).
 */
public enum Execution {
  /** A normal activity, scheduled through the server (the default). */
  ACTIVITY,
  /** A local activity, run by the workflow's own worker. */
  LOCAL;

  /**
   * How long one attempt of a local step may take. Longer than the workflow task timeout (10 s):
   * while a local activity runs past it, the SDK keeps the workflow task alive by completing it and
   * asking for the next (a workflow task heartbeat: three more events in the history each time).
   */
  public static final Duration LOCAL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  /** How long a local step may take in all, its retries and their backoff included. */
  public static final Duration LOCAL_TOTAL_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Retries whose backoff is at most this wait in the worker; a longer backoff becomes a workflow
   * timer (the SDK's local retry threshold), so the worker holds no slot while it waits.
   */
  public static final Duration LOCAL_RETRY_THRESHOLD = Duration.ofSeconds(10);

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Execution parse(String value) {
    return Execution.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** True when {@code execution} (null meaning the default) asks for a local activity. */
  public static boolean isLocal(Execution execution) {
    return execution == LOCAL;
  }
}
