package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import java.util.Map;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injection hook for tests, never for production: with {@code
 * FLEET_TEST_CRASH_AFTER_REMOTE_CALL=<operation>} (for example {@code post}) in its environment, a
 * worker halts its JVM ({@link Runtime#halt}, no shutdown hooks, like a power cut) right after a
 * {@link RemoteConnector} performed that operation and before the ledger records it, which is the
 * worst moment for exactly-once. {@code ConnectorCrashIT} uses it to show that the next worker
 * calls the other side again with the same idempotency key and records one result.
 *
 * <p>Unset or blank, it does nothing. When set, the worker says so in its log at start.
 */
final class CrashAfterRemoteCall {

  static final String VARIABLE = "FLEET_TEST_CRASH_AFTER_REMOTE_CALL";

  /** The exit status of a halted worker, so a test can tell the hook from another death. */
  static final int EXIT_STATUS = 86;

  private static final Logger log = LoggerFactory.getLogger(CrashAfterRemoteCall.class);

  private final String operation;
  private final IntConsumer halt;

  CrashAfterRemoteCall(String operation, IntConsumer halt) {
    this.operation = operation;
    this.halt = halt;
  }

  static CrashAfterRemoteCall fromEnv(Map<String, String> env) {
    return fromEnv(env, status -> Runtime.getRuntime().halt(status));
  }

  /** As {@link #fromEnv(Map)}, with what halting means replaced (for this class's own test). */
  static CrashAfterRemoteCall fromEnv(Map<String, String> env, IntConsumer halt) {
    String value = env.get(VARIABLE);
    String operation = value == null || value.isBlank() ? null : value.strip();
    if (operation != null) {
      log.warn(
          "fault injection armed: {}={} halts this worker after that remote call",
          VARIABLE,
          operation);
    }
    return new CrashAfterRemoteCall(operation, halt);
  }

  /** Halts the JVM when the hook is armed for this request's operation; otherwise returns. */
  void afterRemoteCall(ActionRequest request) {
    if (operation != null && operation.equals(request.operation())) {
      log.warn(
          "fault injection: halting after {}.{} for {} and before the ledger records it",
          request.connector(),
          request.operation(),
          request.idempotencyKey());
      halt.accept(EXIT_STATUS);
    }
  }
}
