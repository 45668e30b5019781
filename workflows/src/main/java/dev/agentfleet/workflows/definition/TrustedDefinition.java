package dev.agentfleet.workflows.definition;

import dev.agentfleet.workflows.playbook.AgentDefinition;

/**
 * A definition a worker trusts, with its whole hash and the reason it trusts it.
 *
 * @param trustedAs for example {@code deployed agents/support-triage.yaml} or {@code published,
 *     signed by release key 1a2b…}
 */
public record TrustedDefinition(AgentDefinition definition, String sha256, String trustedAs) {}
