package dev.agentfleet.workflows.playbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DefinitionChecks} that remembers the answer for the last {@code capacity} distinct
 * definitions. Linting a definition (rules compiled, schemas checked, the graph walked) takes
 * ~10–20 ms; a batch starts thousands of runs with the same one. The key is the definition itself
 * (records compare by value), not the hash a client sent, so a wrong hash cannot reuse another
 * definition's answer.
 */
public final class CachedDefinitionChecks implements DefinitionChecks {

  private final Map<AgentDefinition, List<String>> answers;

  public CachedDefinitionChecks(int capacity) {
    this.answers =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<AgentDefinition, List<String>> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public List<String> definitionProblems(AgentDefinition definition) {
    synchronized (answers) {
      List<String> known = answers.get(definition);
      if (known != null) {
        return known;
      }
    }
    // Checked outside the lock: two runs of a new definition may both check it, which is harmless.
    List<String> problems =
        List.copyOf(PlaybookParser.problems(definition, "agent " + definition.name()));
    synchronized (answers) {
      answers.put(definition, problems);
    }
    return problems;
  }
}
