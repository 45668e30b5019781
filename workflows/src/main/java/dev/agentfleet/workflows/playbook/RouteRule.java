package dev.agentfleet.workflows.playbook;

/**
 * A named routing rule: when the CEL expression {@code when} is true, the run goes to {@code next}.
 * The name is recorded with every decision and, for automatic approvals, is the attestation.
 *
 * @param autoApprove true when this rule grants an automatic approval for the actions that follow
 */
public record RouteRule(String name, String when, String next, boolean autoApprove) {}
