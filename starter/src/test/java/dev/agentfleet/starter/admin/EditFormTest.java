package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditFormTest {

  private static final Map<String, Object> SCHEMA = schema();

  private static Map<String, Object> schema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("amount", Map.of("type", "number", "exclusiveMinimum", 0, "maximum", 10000));
    properties.put("currency", Map.of("type", List.of("string", "null"), "pattern", "^[A-Z]{3}$"));
    properties.put("urgency", Map.of("enum", List.of("high", "normal", "low")));
    properties.put("count", Map.of("type", "integer"));
    properties.put("notify", Map.of("type", "boolean"));
    return Map.of("type", "object", "properties", properties);
  }

  @Test
  void one_field_per_schema_property_filled_from_the_proposal() {
    List<EditForm.Field> fields =
        EditForm.fields(SCHEMA, Map.of("extract", Map.of("amount", 129.5, "currency", "USD")));

    assertThat(fields)
        .extracting(EditForm.Field::name)
        .containsExactly("amount", "currency", "urgency", "count", "notify");
    assertThat(fields.get(0).type()).isEqualTo("number");
    assertThat(fields.get(0).current()).isEqualTo("129.5");
    assertThat(fields.get(0).hint()).isEqualTo("> 0, ≤ 10000");
    assertThat(fields.get(1).type()).isEqualTo("string");
    assertThat(fields.get(1).current()).isEqualTo("USD");
    assertThat(fields.get(2).options()).containsExactly("high", "normal", "low");
    assertThat(EditForm.fields(null, Map.of())).isEmpty();
  }

  @Test
  void submitted_text_becomes_typed_json_values_and_blank_means_unchanged() {
    List<EditForm.Field> fields = EditForm.fields(SCHEMA, Map.of());

    Map<String, Object> values =
        EditForm.values(
            fields,
            Map.of(
                "value.amount", "80.5",
                "value.currency", "EUR",
                "value.urgency", "",
                "value.count", "3",
                "value.notify", "true"));

    assertThat(values)
        .containsExactly(
            Map.entry("amount", 80.5),
            Map.entry("currency", "EUR"),
            Map.entry("count", 3),
            Map.entry("notify", true));
  }

  @Test
  void text_of_the_wrong_type_is_refused_naming_the_field() {
    List<EditForm.Field> fields = EditForm.fields(SCHEMA, Map.of());
    assertThatThrownBy(() -> EditForm.values(fields, Map.of("value.amount", "80 USD")))
        .hasMessage("amount must be a number, got '80 USD'");
    assertThatThrownBy(() -> EditForm.values(fields, Map.of("value.count", "2.5")))
        .hasMessage("count must be a whole number, got '2.5'");
  }
}
