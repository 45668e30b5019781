package dev.agentfleet.starter.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.playbook.InputField;
import java.util.Locale;

/**
 * Checks one value of an input record against the field the agent's input contract declares: its
 * type and its length limit, with a message that names the field and says what was expected.
 */
final class InputFieldCheck {

  private InputFieldCheck() {}

  /**
   * What is wrong with {@code value} for {@code field}, or null when it fits: a value of another
   * type, a list with more items or a text with more characters than the field allows.
   */
  static String problem(InputField field, JsonNode value) {
    String type = field.type() == null ? "" : field.type().toLowerCase(Locale.ROOT);
    boolean matches =
        switch (type) {
          case "string" -> value.isTextual();
          case "number" -> value.isNumber();
          case "integer" -> value.isIntegralNumber();
          case "boolean" -> value.isBoolean();
          case "array" -> value.isArray();
          default -> true;
        };
    if (!matches) {
      return "field \""
          + field.name()
          + "\" must be "
          + article(type)
          + " "
          + type
          + ", got "
          + describe(value);
    }
    if (value.isArray() && field.maxLength() != null && value.size() > field.maxLength()) {
      return "field \""
          + field.name()
          + "\" has "
          + value.size()
          + " items, the limit is "
          + field.maxLength();
    }
    if (value.isTextual() && field.maxLength() != null) {
      String text = value.textValue();
      int length = text.codePointCount(0, text.length());
      if (length > field.maxLength()) {
        return "field \""
            + field.name()
            + "\" is "
            + length
            + " characters long, the limit is "
            + field.maxLength();
      }
    }
    return null;
  }

  /** A JSON value's kind with its article: "an array", "a string", "null". */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String article(String word) {
    return !word.isEmpty() && "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }
}
