package dev.agentfleet.starter.agents;

import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.util.Optional;

/**
 * The valid playbooks of an agents folder as a {@link DefinitionLibrary}, for replaying a run's
 * history on this machine: a run that names its definition by hash replays when the folder holds a
 * playbook whose text has exactly that hash.
 */
public final class CatalogDefinitions implements DefinitionLibrary {

  private final AgentCatalog catalog;

  public CatalogDefinitions(AgentCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Optional<AgentDefinition> byHash(String sha256) {
    return catalog.entries().stream()
        .map(AgentCatalog.Entry::check)
        .filter(LintResult::valid)
        .map(LintResult::playbook)
        .filter(p -> p.sha256().equals(sha256))
        .map(Playbook::definition)
        .findFirst();
  }
}
