package dev.agentfleet.workflows.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation of a connector and its parameters.
 *
 * @param name the name a playbook writes as {@code operation}
 * @param description what it does, for docs/connectors.md
 * @param open true when the operation passes on parameters it does not declare (an HTTP post): the
 *     declared ones are still checked, any other name is allowed
 * @param params the declared parameters, in the order the docs list them
 * @param anyOf groups of parameters of which at least one must be given, such as {@code email} or
 *     {@code leadId}
 * @param read true when the operation only reads (it changes nothing in the world), so calling it
 *     again is harmless: such an operation may run as a local activity ({@code execution: local})
 */
public record OperationSpec(
    String name,
    String description,
    boolean open,
    List<ParamSpec> params,
    List<AnyOf> anyOf,
    boolean read) {

  /**
   * Parameters of which the operation needs at least one.
   *
   * @param names the parameters, each declared by the operation
   * @param description why, in a few words: {@code who the meeting is with}
   */
  public record AnyOf(List<String> names, String description) {
    public AnyOf {
      names = List.copyOf(names);
    }
  }

  public OperationSpec {
    params = List.copyOf(params);
    anyOf = List.copyOf(anyOf);
    Map<String, ParamSpec> byName = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException(name + " declares params." + p.name() + " twice");
      }
    }
    for (ParamSpec p : params) {
      ParamSpec currency = p.currency() == null ? null : byName.get(p.currency());
      if (p.currency() != null && (currency == null || !currency.required())) {
        throw new IllegalArgumentException(
            name
                + ": params."
                + p.name()
                + " is an amount in params."
                + p.currency()
                + ", which must be declared and required: an amount never travels without its"
                + " currency");
      }
    }
    for (AnyOf group : anyOf) {
      for (String n : group.names()) {
        if (!byName.containsKey(n)) {
          throw new IllegalArgumentException(name + ": anyOf names params." + n + ", not declared");
        }
      }
    }
  }

  /** A closed operation: any parameter it does not declare is refused. */
  public static OperationSpec closed(String name, String description, ParamSpec... params) {
    return new OperationSpec(name, description, false, List.of(params), List.of(), false);
  }

  /** An open operation: it passes on any parameter; the declared ones are checked. */
  public static OperationSpec open(String name, String description, ParamSpec... params) {
    return new OperationSpec(name, description, true, List.of(params), List.of(), false);
  }

  /** This operation, needing at least one of {@code names} ({@code description} says why). */
  public OperationSpec needsOneOf(String description, String... names) {
    List<AnyOf> groups = new ArrayList<>(anyOf);
    groups.add(new AnyOf(List.of(names), description));
    return new OperationSpec(name, this.description, open, params, groups, read);
  }

  /** This operation, marked as one that only reads: calling it again changes nothing. */
  public OperationSpec readOnly() {
    return new OperationSpec(name, description, open, params, anyOf, true);
  }

  /** The declared parameter called {@code name}, or null. */
  public ParamSpec param(String name) {
    for (ParamSpec p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The names of the declared parameters, in order. */
  public List<String> paramNames() {
    return params.stream().map(ParamSpec::name).toList();
  }

  /** True when a playbook may give a parameter called {@code name}. */
  public boolean accepts(String name) {
    return open || param(name) != null;
  }
}
