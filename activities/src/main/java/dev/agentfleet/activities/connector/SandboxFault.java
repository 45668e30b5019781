package dev.agentfleet.activities.connector;

/**
 * A fault injected into one connector operation: a row of {@code sandbox_faults}. Every call of the
 * operation first waits {@code latencyMs}; then a share {@code timeoutRate} of calls fails as
 * {@value SandboxFaults#TIMEOUT} and a further share {@code failRate} as {@value
 * SandboxFaults#UNAVAILABLE}, both retryable and both before the connector acts.
 *
 * @param connector the connector's name, such as {@code calendar}
 * @param operation the operation's name, or {@value #ANY_OPERATION} for every operation
 * @param failRate the share of calls that fail as unavailable, from 0 to 1
 * @param timeoutRate the share of calls that time out after the latency, from 0 to 1; when the two
 *     rates add up to more than 1, timeouts take their share first
 * @param latencyMs how long every call waits before it acts or fails, in milliseconds
 * @param untilMs when the fault ends (epoch milliseconds), or null to keep it until it is cleared
 */
public record SandboxFault(
    String connector,
    String operation,
    double failRate,
    double timeoutRate,
    long latencyMs,
    Long untilMs) {

  /** The operation name that stands for every operation of a connector. */
  public static final String ANY_OPERATION = "*";

  public SandboxFault {
    if (connector == null || connector.isBlank() || operation == null || operation.isBlank()) {
      throw new IllegalArgumentException(
          "a sandbox fault names a connector and an operation, such as calendar.book, got "
              + connector
              + "."
              + operation);
    }
    connector = connector.strip();
    operation = operation.strip();
    requireRate("fail rate", failRate);
    requireRate("timeout rate", timeoutRate);
    if (latencyMs < 0) {
      throw new IllegalArgumentException(
          "the latency of "
              + connector
              + "."
              + operation
              + " must be 0 ms or more, got "
              + latencyMs);
    }
  }

  /** {@code connector.operation}, as the CLI and {@code FLEET_SANDBOX_FAULTS} name it. */
  public String target() {
    return connector + "." + operation;
  }

  /** True while the fault lasts: it has no end, or its end is after {@code nowMs}. */
  public boolean activeAt(long nowMs) {
    return untilMs == null || untilMs > nowMs;
  }

  private static void requireRate(String what, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "a " + what + " is a share of calls from 0 to 1 (0.25 = one call in four), got " + rate);
    }
  }
}
