package dev.agentfleet.workflows.approval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code decide} signal's payload into an {@link ApprovalDecision} without ever failing:
 * each field that has the wrong type is left empty and named in {@link
 * ApprovalDecision#unreadable()}, and a payload that is not a JSON object reads as an empty
 * decision saying so. The SDK drops a signal whose payload does not deserialize, with a log line
 * only; read this way, a malformed decision reaches the run, which records it as ignored with the
 * reason.
 *
 * <p>Fields are read by the record's own components (names and generic types), so a component added
 * later is read too. Unknown fields are ignored, as the SDK's converter does.
 */
final class ApprovalDecisionReader extends StdDeserializer<ApprovalDecision> {

  private static final RecordComponent[] COMPONENTS = ApprovalDecision.class.getRecordComponents();
  private static final Constructor<ApprovalDecision> CANONICAL = canonical();
  private static final int UNREADABLE = indexOf("unreadable");

  ApprovalDecisionReader() {
    super(ApprovalDecision.class);
  }

  @Override
  public ApprovalDecision deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JsonNode node = context.readTree(parser);
    Object[] args = new Object[COMPONENTS.length];
    List<String> problems = new ArrayList<>();
    if (node == null || !node.isObject()) {
      problems.add("expected a JSON object with the decision's fields, got " + kind(node));
    }
    for (int i = 0; i < COMPONENTS.length; i++) {
      RecordComponent component = COMPONENTS[i];
      args[i] = empty(component.getType());
      if (component.getName().equals("unreadable") || node == null || !node.isObject()) {
        continue;
      }
      JsonNode value = node.get(component.getName());
      if (value == null || value.isNull()) {
        continue;
      }
      JavaType type = context.getTypeFactory().constructType(component.getGenericType());
      try {
        args[i] = context.readTreeAsValue(value, type);
      } catch (IOException | IllegalArgumentException wrongType) {
        problems.add(
            component.getName() + " must be " + expected(component) + ", got " + kind(value));
      }
    }
    args[UNREADABLE] = problems.isEmpty() ? null : String.join("; ", problems);
    try {
      return CANONICAL.newInstance(args);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot build an ApprovalDecision", e);
    }
  }

  private static Object empty(Class<?> type) {
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }

  private static String expected(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a text";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list of texts";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      String text = node.asText();
      return "the text \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static int indexOf(String name) {
    for (int i = 0; i < COMPONENTS.length; i++) {
      if (COMPONENTS[i].getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("ApprovalDecision has no component '" + name + "'");
  }

  @SuppressWarnings("unchecked")
  private static Constructor<ApprovalDecision> canonical() {
    Class<?>[] types = new Class<?>[COMPONENTS.length];
    for (int i = 0; i < COMPONENTS.length; i++) {
      types[i] = COMPONENTS[i].getType();
    }
    try {
      return (Constructor<ApprovalDecision>) ApprovalDecision.class.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("ApprovalDecision has no canonical constructor", e);
    }
  }
}
