package dev.agentfleet.workflows.definition;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import java.util.Optional;

/**
 * The trusted definitions a worker holds, by their SHA-256, for the workflow code itself: a run
 * whose trust verdict names its definition by hash (so the history never carries the definition)
 * reads the definition here, in every workflow task and on every replay.
 *
 * <p>Reading it from workflow code is deterministic because the lookup is content-addressed: a hash
 * names one playbook text forever, and an implementation answers only with a definition whose text
 * has exactly that hash. An implementation caches what it found, so a worker reads each definition
 * from its sources at most once while it stays cached.
 */
public interface DefinitionLibrary {

  /**
   * The trusted definition whose playbook text has this whole SHA-256 (64 lowercase hex digits);
   * empty when this worker holds none.
   */
  Optional<AgentDefinition> byHash(String sha256);
}
