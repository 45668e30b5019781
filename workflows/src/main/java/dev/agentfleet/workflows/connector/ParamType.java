package dev.agentfleet.workflows.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The type of a connector parameter, as a playbook may give it. Playbook parameters are templates:
 * a value that holds {@code {{...}}} is only known when the run renders it, so it fits every type;
 * a literal is checked here.
 */
public enum ParamType {
  /** Text; a number or true/false is taken as its text. */
  STRING("text"),
  /** A number, or text that is a plain decimal number such as {@code 12.50}. */
  NUMBER("a number"),
  /** {@code true} or {@code false}. */
  BOOLEAN("true or false"),
  /** A mapping, which a playbook can only pass through a template. */
  OBJECT("an object"),
  /** A list, which a playbook can only pass through a template. */
  LIST("a list");

  private final String noun;

  ParamType(String noun) {
    this.noun = noun;
  }

  /** How messages name the type: {@code a number}. */
  public String noun() {
    return noun;
  }

  /** True when {@code value} (a playbook's literal or template) can be a value of this type. */
  public boolean accepts(JsonNode value) {
    if (value == null || value.isNull() || isTemplate(value)) {
      return true;
    }
    return switch (this) {
      case STRING -> value.isValueNode();
      case NUMBER -> value.isNumber() || (value.isTextual() && isDecimal(value.asText()));
      case BOOLEAN ->
          value.isBoolean()
              || (value.isTextual()
                  && (value.asText().strip().equals("true")
                      || value.asText().strip().equals("false")));
      case OBJECT -> value.isObject();
      case LIST -> value.isArray();
    };
  }

  /** True for text that holds a {@code {{...}}} template, whose type the run decides. */
  public static boolean isTemplate(JsonNode value) {
    return value.isTextual() && value.asText().contains("{{");
  }

  private static boolean isDecimal(String text) {
    try {
      new BigDecimal(text.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
