package dev.agentfleet.workflows.run;

import java.util.Map;

/** An action the run performed, with the attestation that allowed it. */
public record ActionRecord(
    String stepId,
    String connector,
    String operation,
    String idempotencyKey,
    String attestedBy,
    boolean replayed,
    Map<String, Object> result,
    long at) {}
