package dev.agentfleet.workflows.memory;

/**
 * What {@link MemoryActivities#remember} did.
 *
 * @param itemId the stored item's id
 * @param duplicate true when the idempotency key was already remembered and nothing was stored
 * @param evicted how many items this call removed: expired ones, an older copy of the same text,
 *     and the oldest beyond the namespace's cap
 */
public record Remembered(String itemId, boolean duplicate, int evicted) {}
