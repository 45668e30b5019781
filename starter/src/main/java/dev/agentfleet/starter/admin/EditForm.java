package dev.agentfleet.starter.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edit form of an approval: one input per property of the request's {@code editable} JSON
 * Schema, filled with the proposal's current value. Submitted text becomes JSON values the way
 * {@code ./fleet approve --set} reads them (numbers and booleans as such, text as text); the run
 * validates them against the schema, so this only has to get the types right.
 */
final class EditForm {

  /** Form parameters of the edited values are named {@code value.<field>}. */
  static final String PREFIX = "value.";

  /** Strict: "80 USD" is text, not 80 followed by something ignored. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /**
   * One editable field.
   *
   * @param type {@code number}, {@code integer}, {@code boolean}, {@code string} or {@code json}
   * @param options the allowed values when the schema lists them; empty otherwise
   * @param current the proposal's value, as text; empty when it has none
   * @param hint the schema's description or its bounds, for the label
   * @param multiline free text to be edited in a text area (a drafted reply), not a one-line input
   */
  record Field(
      String name,
      String type,
      List<String> options,
      String current,
      String hint,
      boolean multiline) {}

  /** Free text with no pattern and room for more than this many characters is multi-line. */
  static final int MULTILINE_OVER = 200;

  private EditForm() {}

  /** The fields of {@code schema}'s properties, in schema order; empty when nothing is editable. */
  static List<Field> fields(Map<String, Object> schema, Map<String, Object> proposal) {
    if (schema == null || !(schema.get("properties") instanceof Map<?, ?> properties)) {
      return List.of();
    }
    List<Field> fields = new ArrayList<>();
    properties.forEach(
        (name, definition) -> {
          Map<?, ?> def = definition instanceof Map<?, ?> map ? map : Map.of();
          List<String> options = new ArrayList<>();
          if (def.get("enum") instanceof Collection<?> values) {
            values.stream().filter(v -> v != null).forEach(v -> options.add(String.valueOf(v)));
          }
          String type = type(def.get("type"));
          String current = current(String.valueOf(name), proposal);
          fields.add(
              new Field(
                  String.valueOf(name),
                  type,
                  List.copyOf(options),
                  current,
                  hint(def),
                  type.equals("string") && options.isEmpty() && multiline(def, current)));
        });
    return List.copyOf(fields);
  }

  /**
   * The edited values among the submitted form fields; a blank field is left out (not edited).
   *
   * @throws IllegalArgumentException naming the field whose text is not of its type
   */
  static Map<String, Object> values(List<Field> fields, Map<String, String> form) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : fields) {
      String text = form.get(PREFIX + field.name());
      if (text == null || text.isBlank()) {
        continue;
      }
      values.put(field.name(), parse(field, text.strip()));
    }
    return values;
  }

  /**
   * The values that differ from the proposal: a form posts every field, and an unchanged draft is
   * not an edit. Text compares with its line breaks as {@code \n} (browsers post {@code \r\n}).
   */
  static Map<String, Object> changed(List<Field> fields, Map<String, Object> values) {
    Map<String, Object> changed = new LinkedHashMap<>();
    for (Field field : fields) {
      if (!values.containsKey(field.name())) {
        continue;
      }
      Object value = values.get(field.name());
      String text = value instanceof String s ? s : String.valueOf(value);
      boolean same =
          value instanceof String
              ? text.strip().equals(field.current().replace("\r\n", "\n").strip())
              : text.equals(field.current())
                  || java.util.Objects.equals(json(field.current()), value);
      if (!same) {
        changed.put(field.name(), value);
      }
    }
    return changed;
  }

  private static boolean multiline(Map<?, ?> def, String current) {
    if (def.get("pattern") != null) {
      return false;
    }
    if (def.get("maxLength") instanceof Number max) {
      return max.intValue() > MULTILINE_OVER;
    }
    return current.length() > 80 || current.contains("\n");
  }

  private static Object parse(Field field, String text) {
    switch (field.type()) {
      case "number", "integer" -> {
        Object value = json(text);
        if (!(value instanceof Number)
            || (field.type().equals("integer")
                && !(value instanceof Integer || value instanceof Long))) {
          throw new IllegalArgumentException(
              field.name()
                  + " must be "
                  + (field.type().equals("integer") ? "a whole number" : "a number")
                  + ", got '"
                  + text
                  + "'");
        }
        return value;
      }
      case "boolean" -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw new IllegalArgumentException(field.name() + " must be true or false");
        }
        return Boolean.parseBoolean(text);
      }
      case "string" -> {
        return field.multiline() ? text.replace("\r\n", "\n") : text;
      }
      default -> {
        Object value = json(text);
        return value == null ? text : value;
      }
    }
  }

  private static Object json(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  /** The first non-null JSON type the schema names. */
  private static String type(Object type) {
    if (type instanceof String name) {
      return known(name);
    }
    if (type instanceof Collection<?> names) {
      for (Object name : names) {
        if (name != null && !"null".equals(name)) {
          return known(String.valueOf(name));
        }
      }
    }
    return "json";
  }

  private static String known(String type) {
    return switch (type) {
      case "number", "integer", "boolean", "string" -> type;
      default -> "json";
    };
  }

  /** The proposal's value for the field: the first shown step output that has it. */
  private static String current(String name, Map<String, Object> proposal) {
    if (proposal == null) {
      return "";
    }
    for (Object output : proposal.values()) {
      if (output instanceof Map<?, ?> map && map.get(name) != null) {
        Object value = map.get(name);
        if (value instanceof String text) {
          return text;
        }
        try {
          return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
          return String.valueOf(value);
        }
      }
    }
    return "";
  }

  private static String hint(Map<?, ?> def) {
    if (def.get("description") instanceof String description) {
      return description;
    }
    List<String> bounds = new ArrayList<>();
    bound(bounds, def, "minimum", "≥ ");
    bound(bounds, def, "exclusiveMinimum", "> ");
    bound(bounds, def, "maximum", "≤ ");
    bound(bounds, def, "exclusiveMaximum", "< ");
    bound(bounds, def, "pattern", "matches ");
    return String.join(", ", bounds);
  }

  private static void bound(List<String> out, Map<?, ?> def, String key, String prefix) {
    Object value = def.get(key);
    if (value != null && !(value instanceof Boolean)) {
      out.add(prefix + value);
    }
  }
}
