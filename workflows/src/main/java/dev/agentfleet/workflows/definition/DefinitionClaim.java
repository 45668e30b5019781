package dev.agentfleet.workflows.definition;

import dev.agentfleet.workflows.playbook.AgentDefinition;

/**
 * What a run's input says about its definition, handed to {@link DefinitionTrust} to resolve. A run
 * started by reference names the whole hash; a run started the old way (a client that sent the
 * whole definition) carries the definition and its short hash, and is trusted only when a trusted
 * definition has that hash and is equal to it.
 *
 * @param agent the agent's name the client claims
 * @param sha256 the whole hash, or null for an old-style input
 * @param shortHash the short hash the client sent (the first 12 hex digits)
 * @param inline the definition the client sent, or null when it sent a reference only
 * @param byReference true when the run reads a trusted definition from the worker's {@link
 *     DefinitionLibrary}, so the verdict may name it by hash alone and the history stays small;
 *     false when the verdict must carry the whole definition
 */
public record DefinitionClaim(
    String agent, String sha256, String shortHash, AgentDefinition inline, boolean byReference) {

  /** A claim whose verdict carries the whole definition. */
  public DefinitionClaim(String agent, String sha256, String shortHash, AgentDefinition inline) {
    this(agent, sha256, shortHash, inline, false);
  }

  /** The same claim, answered by reference when {@code byReference} is true. */
  public DefinitionClaim answeredByReference(boolean byReference) {
    return new DefinitionClaim(agent, sha256, shortHash, inline, byReference);
  }
}
