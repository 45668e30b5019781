package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.playbook.AgentDefinition;

/**
 * What starts a run: the agent definition pinned by its content hash, and one work item.
 *
 * @param definitionHash the hash of the playbook text the definition was parsed from
 */
public record AgentRunInput(AgentDefinition definition, String definitionHash, WorkItem item) {}
