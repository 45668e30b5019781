package dev.agentfleet.workflows.playbook;

/**
 * A parsed, validated playbook.
 *
 * @param hash the content hash of the playbook text: the definition's version (the first 12 hex
 *     digits of {@code sha256})
 * @param source where the text came from (a file path), for messages
 * @param sha256 the whole SHA-256 of the playbook text, 64 lowercase hex digits: the name a run
 *     gives its definition, which a worker resolves to one it trusts
 */
public record Playbook(AgentDefinition definition, String hash, String source, String sha256) {

  /** A playbook known by its short hash only (a definition bound in code, as tests build). */
  public Playbook(AgentDefinition definition, String hash, String source) {
    this(definition, hash, source, null);
  }
}
