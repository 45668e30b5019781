package dev.agentfleet.workflows.playbook;

/**
 * A parsed, validated playbook.
 *
 * @param hash the content hash of the playbook text: the definition's version
 * @param source where the text came from (a file path), for messages
 */
public record Playbook(AgentDefinition definition, String hash, String source) {}
