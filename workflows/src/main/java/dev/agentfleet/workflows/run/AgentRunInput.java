package dev.agentfleet.workflows.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentfleet.workflows.definition.DefinitionClaim;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.playbook.AgentDefinition;

/**
 * What starts a run: the agent definition named by its content hash, and one work item. A run
 * started by reference ({@link #byReference}) carries {@code ref} and no definition; the worker
 * resolves the hash to a definition it trusts. Inputs written before runs named their definition by
 * reference carry the whole definition and its short hash; they still replay, and a new worker runs
 * them only when that hash names a trusted definition equal to the one carried.
 *
 * @param definition the whole definition, in old-style inputs (and from clients that send it on
 *     purpose to a development worker); null when the run names it by {@code ref}
 * @param definitionHash the short hash of the playbook text (the definition's version as shown)
 * @param continuation the state carried over when the run continued as new; null for a fresh run
 * @param ref the definition's name by hash; null in old-style inputs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRunInput(
    AgentDefinition definition,
    String definitionHash,
    WorkItem item,
    Continuation continuation,
    DefinitionRef ref) {

  /** The input of a fresh run that carries its definition (old style). */
  public AgentRunInput(AgentDefinition definition, String definitionHash, WorkItem item) {
    this(definition, definitionHash, item, null, null);
  }

  /** A run that carries its definition, continued (old style). */
  public AgentRunInput(
      AgentDefinition definition, String definitionHash, WorkItem item, Continuation continuation) {
    this(definition, definitionHash, item, continuation, null);
  }

  /** The input of a fresh run that names its definition by hash. */
  public static AgentRunInput byReference(DefinitionRef ref, WorkItem item) {
    return new AgentRunInput(null, ref.shortHash(), item, null, ref);
  }

  /** The agent's name the input claims: the definition's, else the reference's. */
  public String agent() {
    if (definition != null) {
      return definition.name();
    }
    return ref == null ? null : ref.agent();
  }

  /** What the worker is asked to resolve. */
  public DefinitionClaim claim() {
    return new DefinitionClaim(
        agent(), ref == null ? null : ref.sha256(), definitionHash, definition);
  }
}
