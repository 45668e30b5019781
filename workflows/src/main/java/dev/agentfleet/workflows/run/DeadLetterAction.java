package dev.agentfleet.workflows.run;

/**
 * An operator's answer to a dead-lettered run, sent as the {@code dlq} signal once the cause is
 * fixed.
 *
 * @param action {@code retry} (run the failed step again; actions keep their idempotency key),
 *     {@code skip} (continue at the step's next) or {@code abort} (end the run failed)
 */
public record DeadLetterAction(String action, String operator, String reason) {

  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";
}
