package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.definition.DefinitionSource;
import dev.agentfleet.workflows.definition.TrustedDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory stand-in for a worker's deployed or published definitions, for unit tests. */
public final class FakeDefinitionSource implements DefinitionSource {

  private final Map<String, TrustedDefinition> bySha256 = new ConcurrentHashMap<>();

  /** Trusts the playbook from now on. */
  public FakeDefinitionSource trust(Playbook playbook) {
    bySha256.put(
        playbook.sha256(),
        new TrustedDefinition(
            playbook.definition(), playbook.sha256(), "fake " + playbook.source()));
    return this;
  }

  @Override
  public List<TrustedDefinition> find(String hexPrefix) {
    return bySha256.values().stream().filter(t -> t.sha256().startsWith(hexPrefix)).toList();
  }

  @Override
  public String describe() {
    return "the test's trusted definitions";
  }
}
