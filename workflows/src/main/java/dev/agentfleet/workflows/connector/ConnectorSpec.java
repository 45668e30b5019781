package dev.agentfleet.workflows.connector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A connector as the catalog declares it: its name and its operations.
 *
 * @param name the name a playbook writes as {@code connector}
 * @param description what it acts on, for docs/connectors.md
 * @param operations its operations, in the order the docs list them
 */
public record ConnectorSpec(String name, String description, List<OperationSpec> operations) {

  public ConnectorSpec {
    operations = List.copyOf(operations);
    Set<String> seen = new LinkedHashSet<>();
    for (OperationSpec op : operations) {
      if (!seen.add(op.name())) {
        throw new IllegalArgumentException(name + " declares operation " + op.name() + " twice");
      }
    }
  }

  /** The operation called {@code name}, if the connector has it. */
  public Optional<OperationSpec> find(String name) {
    return operations.stream().filter(op -> op.name().equals(name)).findFirst();
  }

  /**
   * The operation called {@code name}, for code that names an operation it implements.
   *
   * @throws IllegalStateException when the catalog does not declare it: the code and the catalog
   *     have drifted apart
   */
  public OperationSpec operation(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the connector catalog declares no operation "
                        + this.name
                        + "."
                        + name
                        + "; declare it in ConnectorCatalog"));
  }

  /** The names of its operations, in order. */
  public List<String> operationNames() {
    return operations.stream().map(OperationSpec::name).toList();
  }
}
