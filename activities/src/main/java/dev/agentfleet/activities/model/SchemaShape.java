package dev.agentfleet.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The top-level properties of an output schema, read so that template providers can shape their
 * answer after the contract: which properties exist, which are required, their types and enums.
 */
final class SchemaShape {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, List<String>> SYNONYMS =
      Map.of(
          "normal", List.of("medium", "moderate", "standard", "regular"),
          "high", List.of("urgent", "critical", "p1"),
          "low", List.of("minor", "p3"),
          "friendly", List.of("warm", "polite", "neutral", "professional"),
          "apologetic", List.of("empathetic", "sympathetic", "polite", "professional"));

  private final JsonNode properties;
  private final Set<String> required = new LinkedHashSet<>();

  SchemaShape(JsonNode schema) {
    this.properties = schema.path("properties");
    schema.path("required").forEach(name -> required.add(name.asText()));
  }

  /** The property names in schema order; empty when the schema names none. */
  List<String> propertyNames() {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Lower-case letters and digits only, so {@code order_id} and {@code orderId} compare equal. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  /**
   * Builds an object with one entry per schema property from {@code valueFor}. A missing value is
   * written as null when the property is required and nullable, and left out otherwise; a value
   * that cannot take the property's type is left out, so the contract check names it.
   */
  ObjectNode fill(Function<String, Object> valueFor) {
    ObjectNode out = NODES.objectNode();
    for (String name : propertyNames()) {
      JsonNode value = coerce(properties.path(name), valueFor.apply(name));
      if (value != null) {
        out.set(name, value);
      } else if (required.contains(name) && types(properties.path(name)).contains("null")) {
        out.putNull(name);
      }
    }
    return out;
  }

  private static Set<String> types(JsonNode property) {
    Set<String> types = new LinkedHashSet<>();
    JsonNode type = property.path("type");
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (type.isTextual()) {
      types.add(type.asText());
    }
    return types;
  }

  private static JsonNode coerce(JsonNode property, Object value) {
    if (value == null) {
      return null;
    }
    JsonNode options = property.path("enum");
    if (options.isArray() && !options.isEmpty()) {
      return matchEnum(options, String.valueOf(value));
    }
    Set<String> types = types(property);
    String natural = naturalType(value);
    if (types.isEmpty()
        || types.contains(natural)
        || (natural.equals("integer") && types.contains("number"))) {
      return truncated(property, MAPPER.valueToTree(value));
    }
    if (types.contains("string")) {
      String text =
          value instanceof Collection<?> items
              ? String.join("; ", items.stream().map(String::valueOf).toList())
              : value instanceof Number number ? plain(number) : String.valueOf(value);
      return truncated(property, NODES.textNode(text));
    }
    if (types.contains("array") && !(value instanceof Collection<?>)) {
      ArrayNode array = NODES.arrayNode();
      JsonNode item = coerce(property.path("items"), value);
      return item == null ? null : array.add(item);
    }
    if (types.contains("number") || types.contains("integer")) {
      try {
        BigDecimal number = new BigDecimal(String.valueOf(value).trim());
        return types.contains("number")
            ? NODES.numberNode(number.doubleValue())
            : NODES.numberNode(number.longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static String naturalType(Object value) {
    if (value instanceof String) {
      return "string";
    } else if (value instanceof Integer || value instanceof Long) {
      return "integer";
    } else if (value instanceof Number) {
      return "number";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof Collection<?>) {
      return "array";
    }
    return "object";
  }

  private static JsonNode matchEnum(JsonNode options, String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>();
    candidates.add(wanted);
    candidates.addAll(SYNONYMS.getOrDefault(wanted, List.of()));
    for (String candidate : candidates) {
      for (JsonNode option : options) {
        if (option.asText().toLowerCase(Locale.ROOT).equals(candidate)) {
          return option;
        }
      }
    }
    return null;
  }

  private static JsonNode truncated(JsonNode property, JsonNode value) {
    int max = property.path("maxLength").asInt(-1);
    if (value.isTextual() && max > 1 && value.asText().length() > max) {
      String text = value.asText();
      int cut = max - 1;
      if (Character.isLowSurrogate(text.charAt(cut))) {
        cut--;
      }
      return NODES.textNode(text.substring(0, cut).strip() + "…");
    }
    return value;
  }

  private static String plain(Number number) {
    return number instanceof Double || number instanceof Float
        ? BigDecimal.valueOf(number.doubleValue()).stripTrailingZeros().toPlainString()
        : String.valueOf(number);
  }
}
