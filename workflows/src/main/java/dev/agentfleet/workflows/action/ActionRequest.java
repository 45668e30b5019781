package dev.agentfleet.workflows.action;

import java.util.Map;

/**
 * One connector call.
 *
 * @param idempotencyKey the effect's key, as {@link dev.agentfleet.workflows.run.IdempotencyKeys}
 *     builds it ({@code workflowId/stepId} for an action step): the same effect of the same run
 *     acts once
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
