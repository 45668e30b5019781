package dev.agentfleet.starter.sandbox;

/**
 * A card the sandbox card processor holds: whose it is and whether it is frozen.
 *
 * @param holder the customer, or {@code ref:<record id>} when the request named no customer
 * @param status {@code active} or {@code frozen}
 * @param changes how many freezes and unfreezes changed it
 * @param workflowId the run that changed it last
 */
public record SandboxCard(
    String cardId,
    String holder,
    String status,
    long changes,
    String workflowId,
    String updatedAt) {}
