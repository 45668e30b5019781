package dev.agentfleet.workflows.action;

import java.util.Map;

/**
 * One connector call.
 *
 * @param idempotencyKey {@code workflowId/stepId}: the same run and step always act once
 * @param params rendered parameters (amounts are numbers, texts are strings)
 */
public record ActionRequest(
    String idempotencyKey,
    String workflowId,
    String recordId,
    String agent,
    String stepId,
    String connector,
    String operation,
    Map<String, Object> params,
    Attestation attestation) {}
