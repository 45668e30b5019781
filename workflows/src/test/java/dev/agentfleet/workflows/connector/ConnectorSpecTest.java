package dev.agentfleet.workflows.connector;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectorSpecTest {

  @Test
  void an_implementation_must_handle_exactly_the_declared_operations() {
    assertThatCode(() -> ConnectorCatalog.CALENDAR.requireImplemented(Set.of("book", "cancel")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> ConnectorCatalog.CALENDAR.requireImplemented(Set.of("book", "reschedule")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the calendar connector and the connector catalog disagree: declared but not"
                + " implemented [cancel], implemented but not declared [reschedule]; see"
                + " docs/connectors.md");
  }

  @Test
  void an_amount_whose_currency_is_not_a_required_parameter_cannot_be_declared() {
    assertThatThrownBy(
            () ->
                OperationSpec.closed(
                    "charge",
                    "Charges.",
                    ParamSpec.of(ParamType.NUMBER, "amount", "the amount", "1")
                        .amountIn("currency"),
                    ParamSpec.text("currency", "its currency", "USD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an amount never travels without its currency");
  }

  @Test
  void code_that_names_an_operation_the_catalog_lacks_fails_at_once() {
    assertThatThrownBy(() -> ConnectorCatalog.PAYMENTS.operation("charge"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declares no operation payments.charge");
  }
}
