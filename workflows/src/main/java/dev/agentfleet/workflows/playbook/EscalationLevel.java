package dev.agentfleet.workflows.playbook;

/**
 * One level of an approval's escalation chain: once the previous level's time is up, {@code role}
 * may decide too, for {@code after} (an ISO-8601 duration) before the next level is reached.
 */
public record EscalationLevel(String role, String after) {}
