package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import java.util.Map;

/**
 * One kind of effect on the world, chosen by {@link ActionRequest#connector()}. The exactly-once
 * protocol around it lives in {@link ActionActivitiesImpl}; a connector only checks a request and
 * performs it, idempotently by {@link ActionRequest#idempotencyKey()}.
 *
 * <p>A {@link LocalConnector} writes its effect through the ledger's own transaction, so the effect
 * and the ledger's record of it commit together. A {@link RemoteConnector} acts elsewhere and hands
 * the key to the other side, which must deduplicate by it.
 */
public sealed interface Connector permits LocalConnector, RemoteConnector {

  /** The name requests select it by. */
  String name();

  /**
   * Checks the operation, its parameters and the attestation before anything is claimed.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, of type {@code INVALID_ACTION} or
   *     {@code APPROVAL_REQUIRED} from {@link dev.agentfleet.workflows.action.ActionActivities}
   */
  void check(ActionRequest request);

  /** The money the action moves, recorded on its ledger row; null when it moves none. */
  default Money money(ActionRequest request) {
    return null;
  }

  /** What the audit log says about a result; it must not carry raw personal data. */
  default Map<String, Object> auditDetail(Map<String, Object> result) {
    return result;
  }
}
