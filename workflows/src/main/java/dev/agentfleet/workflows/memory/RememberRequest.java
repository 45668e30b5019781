package dev.agentfleet.workflows.memory;

import java.time.Duration;
import java.util.Map;

/**
 * A case to remember.
 *
 * @param idempotencyKey derived from the run, never from the attempt ({@link
 *     dev.agentfleet.workflows.run.IdempotencyKeys})
 * @param agent the agent the case belongs to
 * @param namespace the memory within the agent
 * @param text the case as later runs will search for it, exactly as the context builder produced it
 * @param outcome what was decided, as the playbook's {@code remember.outcome} declares it
 * @param ttl how long the case may be recalled
 */
public record RememberRequest(
    String idempotencyKey,
    String agent,
    String namespace,
    String text,
    Map<String, Object> outcome,
    Duration ttl) {

  public RememberRequest {
    outcome = outcome == null ? Map.of() : outcome;
  }
}
