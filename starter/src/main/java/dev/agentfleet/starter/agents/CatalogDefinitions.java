package dev.agentfleet.starter.agents;

import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The valid playbooks of an agents folder as a {@link DefinitionLibrary}, for replaying a run's
 * history on this machine: a run that names its definition by hash replays when the folder holds a
 * playbook whose text has exactly that hash.
 */
public final class CatalogDefinitions implements DefinitionLibrary {

  private final Map<String, AgentDefinition> bySha256;

  /** Reads and checks every playbook of the folder now, so that a lookup costs nothing. */
  public CatalogDefinitions(AgentCatalog catalog) {
    this.bySha256 =
        catalog.entries().stream()
            .map(AgentCatalog.Entry::check)
            .filter(LintResult::valid)
            .map(LintResult::playbook)
            .collect(
                Collectors.toUnmodifiableMap(
                    Playbook::sha256, Playbook::definition, (first, same) -> first));
  }

  @Override
  public Optional<AgentDefinition> byHash(String sha256) {
    return Optional.ofNullable(sha256 == null ? null : bySha256.get(sha256));
  }
}
