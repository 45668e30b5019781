package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.playbook.AgentDefinition;

/**
 * What starts a run: the agent definition pinned by its content hash, and one work item.
 *
 * @param definitionHash the hash of the playbook text the definition was parsed from
 * @param continuation the state carried over when the run continued as new; null for a fresh run
 */
public record AgentRunInput(
    AgentDefinition definition, String definitionHash, WorkItem item, Continuation continuation) {

  /** The input of a fresh run. */
  public AgentRunInput(AgentDefinition definition, String definitionHash, WorkItem item) {
    this(definition, definitionHash, item, null);
  }
}
