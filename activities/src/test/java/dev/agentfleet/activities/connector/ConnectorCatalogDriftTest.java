package dev.agentfleet.activities.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import dev.agentfleet.workflows.connector.OperationSpec;
import dev.agentfleet.workflows.connector.OperationSpec.AnyOf;
import dev.agentfleet.workflows.connector.ParamSpec;
import dev.agentfleet.workflows.connector.ParamType;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connectors a worker registers and the {@link ConnectorCatalog} the linter reads cannot drift
 * apart: every catalog connector has an implementation and every implementation is in the catalog;
 * each connector accepts every operation the catalog declares with the catalog's example values and
 * refuses any other operation, a parameter its operation does not declare, a missing required one
 * and a number that is not one. Only {@link Connector#check} runs: nothing acts.
 */
class ConnectorCatalogDriftTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-03T08:00:00Z"), ZoneOffset.UTC);

  private static final Map<String, Connector> CONNECTORS =
      ActionActivitiesImpl.defaultConnectors(
              new ConnectorConfig(
                  "http://127.0.0.1:9/actions", null, "http://127.0.0.1:9/hook", List.of()),
              CLOCK)
          .stream()
          .collect(Collectors.toMap(Connector::name, Function.identity()));

  @Test
  void the_worker_registers_one_connector_for_each_in_the_catalog_and_no_other() {
    List<String> registered =
        ActionActivitiesImpl.defaultConnectors(ConnectorConfig.defaults(), CLOCK).stream()
            .map(Connector::name)
            .toList();

    assertThat(registered).containsExactlyElementsOf(ConnectorCatalog.names());
  }

  static Stream<Arguments> operations() {
    return ConnectorCatalog.all().stream()
        .flatMap(c -> c.operations().stream().map(op -> Arguments.of(c.name(), op.name())));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("operations")
  void each_catalog_operation_with_its_example_values_passes_the_connectors_check(
      String connector, String operation) {
    OperationSpec op = spec(connector).operation(operation);

    ApplicationFailure refused = check(connector, operation, examples(op));

    // A payment without a verified approval is refused for want of one: its parameters passed.
    assertThat(refused == null || ActionActivities.APPROVAL_REQUIRED.equals(refused.getType()))
        .as("%s.%s refused its catalog example: %s", connector, operation, refused)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("operations")
  void each_required_parameter_the_catalog_declares_is_required_by_the_connector(
      String connector, String operation) {
    OperationSpec op = spec(connector).operation(operation);
    for (ParamSpec param : op.params()) {
      if (!param.required()) {
        continue;
      }
      Map<String, Object> params = examples(op);
      params.remove(param.name());

      assertRefusedFor(check(connector, operation, params), param.name());
    }
    for (AnyOf group : op.anyOf()) {
      Map<String, Object> params = examples(op);
      params.keySet().removeAll(group.names());

      assertRefusedFor(check(connector, operation, params), group.names().toArray(String[]::new));
    }
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("operations")
  void a_number_parameter_refuses_text_that_is_not_a_number(String connector, String operation) {
    OperationSpec op = spec(connector).operation(operation);
    for (ParamSpec param : op.params()) {
      if (param.type() == ParamType.NUMBER) {
        Map<String, Object> params = examples(op);
        params.put(param.name(), "many");

        assertInvalid(check(connector, operation, params), param.name());
      }
    }
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("operations")
  void a_parameter_the_catalog_does_not_declare_is_refused_unless_the_operation_is_open(
      String connector, String operation) {
    OperationSpec op = spec(connector).operation(operation);
    Map<String, Object> params = examples(op);
    params.put("undeclaredParam", "x");

    ApplicationFailure refused = check(connector, operation, params);

    if (op.open()) {
      assertThat(refused).as("open %s.%s took any parameter", connector, operation).isNull();
    } else {
      assertInvalid(refused, "params.undeclaredParam is not a parameter of " + connector);
    }
  }

  @Test
  void each_connector_refuses_an_operation_the_catalog_does_not_declare() {
    for (ConnectorSpec spec : ConnectorCatalog.all()) {
      assertInvalid(check(spec.name(), "no-such-operation", Map.of()), "unknown operation");
    }
  }

  private static ConnectorSpec spec(String connector) {
    return ConnectorCatalog.find(connector).orElseThrow();
  }

  /** Every declared parameter with an example, as the catalog gives it. */
  private static Map<String, Object> examples(OperationSpec op) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (ParamSpec param : op.params()) {
      if (param.example() != null) {
        params.put(param.name(), param.example());
      }
    }
    return params;
  }

  private static ApplicationFailure check(
      String connector, String operation, Map<String, Object> params) {
    Connector implementation = CONNECTORS.get(connector);
    assertThat(implementation).as("an implementation of " + connector).isNotNull();
    ActionRequest request =
        new ActionRequest(
            "drift/" + connector + "." + operation,
            "drift",
            "r-1",
            "drift",
            "step",
            connector,
            operation,
            params,
            Attestation.none());
    return catchThrowableOfType(ApplicationFailure.class, () -> implementation.check(request));
  }

  /**
   * Refused with a message that names one of {@code names}: as an invalid action, or (a payment
   * whose currency is missing) by the money guard, which asks a person, who may supply it.
   */
  private static void assertRefusedFor(ApplicationFailure refused, String... names) {
    assertThat(refused).as("refused, naming one of %s", List.of(names)).isNotNull();
    assertThat(refused.getType())
        .isIn(ActionActivities.INVALID_ACTION, ActionActivities.APPROVAL_REQUIRED);
    assertThat(refused.getOriginalMessage()).containsAnyOf(names);
  }

  /** Refused as an invalid action whose message names one of {@code names}. */
  private static void assertInvalid(ApplicationFailure refused, String... names) {
    assertThat(refused).as("refused, naming one of %s", List.of(names)).isNotNull();
    assertThat(refused.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(refused.getOriginalMessage()).containsAnyOf(names);
  }
}
