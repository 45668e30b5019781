package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Requests and attestations for connector tests. */
final class Actions {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
  static final Attestation HUMAN =
      new Attestation(Attestation.HUMAN, "alice", "approve", "def1", 1);
  static final Attestation RULE =
      new Attestation(Attestation.RULE, "small-refund", "route", "def1", 1);

  private Actions() {}

  static ActionRequest refund(String workflowId, Object amount, Attestation attestation) {
    return request(
        workflowId,
        "payments",
        "refund",
        Map.of("amount", amount, "currency", "USD", "orderId", "o-1"),
        attestation);
  }

  /** A refund of {@code amount} in {@code currency}. */
  static ActionRequest refund(
      String workflowId, Object amount, String currency, Attestation attestation) {
    return request(
        workflowId,
        "payments",
        "refund",
        Map.of("amount", amount, "currency", currency, "orderId", "o-1"),
        attestation);
  }

  static ActionRequest request(
      String workflowId,
      String connector,
      String operation,
      Map<String, Object> params,
      Attestation attestation) {
    return new ActionRequest(
        workflowId + "/act",
        workflowId,
        "rec-" + workflowId,
        "support-triage",
        "act",
        connector,
        operation,
        params,
        attestation);
  }
}
