package dev.agentfleet.workflows.playbook;

import java.util.List;

/**
 * A step's activity retry policy as a playbook writes it.
 *
 * @param initialInterval ISO-8601 duration before the first retry
 * @param backoff the factor each interval grows by
 * @param maxInterval ISO-8601 duration no interval exceeds
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 * @param nonRetryable failure types that are never retried
 */
public record RetrySpec(
    String initialInterval,
    Double backoff,
    String maxInterval,
    Integer maxAttempts,
    List<String> nonRetryable) {

  public RetrySpec {
    nonRetryable = nonRetryable == null ? List.of() : List.copyOf(nonRetryable);
  }
}
