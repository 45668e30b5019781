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

  /**
   * Checks that an implementation handles exactly the operations declared here, as every connector
   * does when it is built: an operation the catalog declares and no code performs (or one the code
   * performs and no playbook may name) fails the worker at start.
   *
   * @throws IllegalStateException naming what is missing on either side
   */
  public void requireImplemented(Set<String> implemented) {
    Set<String> declared = new LinkedHashSet<>(operationNames());
    Set<String> unimplemented = new LinkedHashSet<>(declared);
    unimplemented.removeAll(implemented);
    Set<String> undeclared = new LinkedHashSet<>(implemented);
    undeclared.removeAll(declared);
    if (!unimplemented.isEmpty() || !undeclared.isEmpty()) {
      throw new IllegalStateException(
          "the "
              + name
              + " connector and the connector catalog disagree: declared but not implemented "
              + unimplemented
              + ", implemented but not declared "
              + undeclared
              + "; see docs/connectors.md");
    }
  }

  /** The names of its operations, in order. */
  public List<String> operationNames() {
    return operations.stream().map(OperationSpec::name).toList();
  }
}
