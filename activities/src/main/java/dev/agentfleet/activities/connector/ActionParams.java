package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import dev.agentfleet.workflows.connector.OperationSpec;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/** Reads a request's parameters, failing with a message that names the field and what it wanted. */
final class ActionParams {

  private final ActionRequest request;
  private final Map<String, Object> params;

  ActionParams(ActionRequest request) {
    this.request = request;
    this.params = request.params() == null ? Map.of() : request.params();
  }

  /** A non-retryable {@link ActionActivities#INVALID_ACTION} failure about this request. */
  static ApplicationFailure invalid(ActionRequest request, String problem) {
    return ApplicationFailure.newNonRetryableFailure(
        "step '"
            + request.stepId()
            + "' ("
            + request.connector()
            + "."
            + request.operation()
            + "): "
            + problem,
        ActionActivities.INVALID_ACTION);
  }

  /**
   * The catalog's declaration of the request's operation, after checking that the connector has it
   * and that the request gives no parameter the operation does not declare (unless it is open).
   */
  OperationSpec requireOperation(ConnectorSpec connector) {
    OperationSpec operation =
        connector
            .find(request.operation())
            .orElseThrow(
                () ->
                    invalid(
                        request,
                        ConnectorCatalog.unknownOperation(connector, request.operation())));
    for (String name : params.keySet()) {
      if (!operation.accepts(name)) {
        throw invalid(
            request,
            "params."
                + name
                + " is not a parameter of "
                + connector.name()
                + "."
                + operation.name()
                + ConnectorCatalog.hint(
                    name,
                    operation.paramNames(),
                    connector.name() + "." + operation.name() + " takes"));
      }
    }
    return operation;
  }

  /** A text parameter that must be present and not blank. */
  String requiredText(String name, String expected) {
    String value = optionalText(name, null);
    if (value == null || value.isBlank()) {
      throw invalid(request, "params." + name + " is required: " + expected);
    }
    return value;
  }

  /** A text parameter; numbers and booleans are taken as their text. */
  String optionalText(String name, String fallback) {
    Object value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw invalid(request, "params." + name + " must be text, got " + describe(value));
  }

  /** An object parameter, or null when it is absent. */
  @SuppressWarnings("unchecked")
  Map<String, Object> optionalObject(String name) {
    Object value = params.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw invalid(request, "params." + name + " must be an object, got " + describe(value));
  }

  /** The parameters as given. */
  Map<String, Object> all() {
    return params;
  }

  /** A required amount greater than zero: a number, or text that is a plain decimal number. */
  BigDecimal positiveAmount(String name) {
    Object value = params.get(name);
    if (value == null) {
      throw invalid(request, "params." + name + " is required: a number greater than 0");
    }
    BigDecimal amount = toDecimal(value);
    if (amount == null) {
      throw invalid(
          request, "params." + name + " must be a number greater than 0, got " + describe(value));
    }
    if (amount.signum() <= 0) {
      throw invalid(
          request, "params." + name + " must be greater than 0, got " + amount.toPlainString());
    }
    return amount;
  }

  private static BigDecimal toDecimal(Object value) {
    try {
      return switch (value) {
        case BigDecimal d -> d;
        case Double d when d.isNaN() || d.isInfinite() -> null;
        case Float f when f.isNaN() || f.isInfinite() -> null;
        case Double d -> BigDecimal.valueOf(d);
        case Float f -> new BigDecimal(f.toString());
        case Number n -> new BigDecimal(n.toString());
        case String s -> new BigDecimal(s.strip());
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String describe(Object value) {
    return switch (value) {
      case String s -> "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
      case Map<?, ?> m -> "an object";
      case Collection<?> c -> "a list";
      default -> value.getClass().getSimpleName() + " " + value;
    };
  }
}
