package dev.agentfleet.workflows.action;

import java.util.Map;

/**
 * The recorded effect of a connector call.
 *
 * @param replayed true when the ledger already held this key and the call did not act again
 * @param result what the connector returned (a refund id, a message id, an HTTP status)
 */
public record ActionResult(String idempotencyKey, boolean replayed, Map<String, Object> result) {}
