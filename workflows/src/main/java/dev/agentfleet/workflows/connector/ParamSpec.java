package dev.agentfleet.workflows.connector;

/**
 * One parameter of a connector operation.
 *
 * @param name the name a playbook writes under {@code params}
 * @param type what its value must be
 * @param required true when the operation cannot act without it
 * @param description what it is, in a few words, for messages and docs/connectors.md
 * @param example a value that is valid, shown in docs and used by the catalog's drift test
 * @param currency for an amount: the parameter that carries its currency, or null
 */
public record ParamSpec(
    String name,
    ParamType type,
    boolean required,
    String description,
    String example,
    String currency) {

  public ParamSpec {
    if (name == null || name.isBlank() || type == null || description == null) {
      throw new IllegalArgumentException("a parameter needs a name, a type and a description");
    }
  }

  /** An optional text parameter. */
  public static ParamSpec text(String name, String description, String example) {
    return new ParamSpec(name, ParamType.STRING, false, description, example, null);
  }

  /** An optional parameter of another type. */
  public static ParamSpec of(ParamType type, String name, String description, String example) {
    return new ParamSpec(name, type, false, description, example, null);
  }

  /** This parameter, required. */
  public ParamSpec asRequired() {
    return new ParamSpec(name, type, true, description, example, currency);
  }

  /** This parameter as an amount whose currency is the parameter {@code currencyParam}. */
  public ParamSpec amountIn(String currencyParam) {
    return new ParamSpec(name, type, required, description, example, currencyParam);
  }
}
