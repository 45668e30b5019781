package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentfleet.workflows.connector.NearestName;
import java.lang.reflect.Executable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks the playbook's shape against the records it binds to, everywhere at once: unknown fields,
 * unknown step kinds, a list where a mapping belongs, text where a number belongs. Jackson stops at
 * the first such error; this walk reports them all, each at its own line. It reads the records'
 * components and Jackson annotations, so a new step kind or field is checked as soon as it exists.
 */
final class ShapeCheck {

  private final Findings findings;

  private ShapeCheck(Findings findings) {
    this.findings = findings;
  }

  /** Walks the tree as the given root type and files every mismatch. */
  static void check(JsonNode tree, Class<?> rootType, Findings findings) {
    new ShapeCheck(findings).walk(tree, rootType, "", null, null);
  }

  private void walk(JsonNode node, Type type, String path, String ignored, String what) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    Class<?> raw = raw(type);
    if (raw == Object.class) {
      return;
    }
    if (raw.isRecord() && !customCreator(raw)) {
      record(node, raw, path, ignored, what);
    } else if (raw.isInterface() && raw.isAnnotationPresent(JsonSubTypes.class)) {
      polymorphic(node, raw, path);
    } else if (Collection.class.isAssignableFrom(raw)) {
      if (!node.isArray()) {
        findings.at(path, "expected a list, got " + describe(node));
        return;
      }
      Type element = argument(type, 0);
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), element, YamlPath.index(path, i), null, null);
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      if (!node.isObject()) {
        findings.at(path, "expected a mapping, got " + describe(node));
        return;
      }
      Type value = argument(type, 1);
      node.fields()
          .forEachRemaining(
              e -> walk(e.getValue(), value, YamlPath.key(path, e.getKey()), null, null));
    } else {
      leaf(node, type, raw, path);
    }
  }

  private void record(JsonNode node, Class<?> type, String path, String ignored, String what) {
    Map<String, RecordComponent> fields = fields(type);
    String of = what == null ? "" : " of " + what;
    if (!node.isObject()) {
      findings.at(
          path,
          "expected a mapping"
              + of
              + " (with "
              + String.join(", ", fields.keySet())
              + "), got "
              + describe(node));
      return;
    }
    boolean lenient =
        type.isAnnotationPresent(JsonIgnoreProperties.class)
            && type.getAnnotation(JsonIgnoreProperties.class).ignoreUnknown();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String child = YamlPath.key(path, name);
      RecordComponent component = fields.get(name);
      if (component != null) {
        walk(field.getValue(), component.getGenericType(), child, null, null);
      } else if (!name.equals(ignored) && !lenient) {
        findings.atKey(child, unknownField(name, fields.keySet(), of));
      }
    }
  }

  private void polymorphic(JsonNode node, Class<?> type, String path) {
    JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
    if (info == null || info.use() != JsonTypeInfo.Id.NAME) {
      leaf(node, type, type, path);
      return;
    }
    String property = info.property().isEmpty() ? "@type" : info.property();
    Map<String, Class<?>> kinds = new LinkedHashMap<>();
    for (JsonSubTypes.Type subtype : type.getAnnotation(JsonSubTypes.class).value()) {
      kinds.put(subtype.name(), subtype.value());
      for (String name : subtype.names()) {
        kinds.put(name, subtype.value());
      }
    }
    String choices = String.join(", ", kinds.keySet());
    if (!node.isObject()) {
      findings.at(path, "expected a mapping with a " + property + ", got " + describe(node));
      return;
    }
    JsonNode kind = node.get(property);
    if (kind == null || kind.isNull()) {
      findings.at(path, "needs a " + property + ": one of " + choices);
      return;
    }
    Class<?> subtype = kinds.get(kind.asText());
    if (subtype == null) {
      findings.at(
          YamlPath.key(path, property),
          "unknown " + property + " '" + kind.asText() + "': expected one of " + choices);
      return;
    }
    walk(node, subtype, path, property, "a " + kind.asText() + " " + noun(type));
  }

  private void leaf(JsonNode node, Type type, Class<?> raw, String path) {
    JavaType javaType = PlaybookYaml.MAPPER.getTypeFactory().constructType(type);
    try {
      PlaybookYaml.MAPPER.treeToValue(node, javaType);
    } catch (Exception e) {
      findings.at(
          path,
          creatorMessage(e).orElse("expected " + expectation(raw) + ", got " + describe(node)));
    }
  }

  /** The message of a type's own factory that refused the value, which says it best. */
  private static Optional<String> creatorMessage(Throwable e) {
    for (Throwable cause = e;
        cause != null && cause.getCause() != cause;
        cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException
          && cause.getMessage() != null
          && !cause.getMessage().startsWith("No enum constant")) {
        return Optional.of(cause.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The record's fields by the name a playbook writes them with. */
  private static Map<String, RecordComponent> fields(Class<?> type) {
    Map<String, RecordComponent> fields = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
      String name =
          renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
      fields.put(name, component);
    }
    return fields;
  }

  /** True when Jackson builds the type some other way than from a mapping of its components. */
  private static boolean customCreator(Class<?> type) {
    if (type.isAnnotationPresent(JsonDeserialize.class)) {
      return true;
    }
    return Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getMethods()))
        .map(Executable.class::cast)
        .anyMatch(
            e ->
                e.isAnnotationPresent(JsonCreator.class)
                    && e.getAnnotation(JsonCreator.class).mode() == JsonCreator.Mode.DELEGATING);
  }

  private static String unknownField(String name, Collection<String> known, String of) {
    String suggestion = null;
    for (String candidate : known) {
      if (candidate.equalsIgnoreCase(name) || NearestName.distance(candidate, name) <= 2) {
        suggestion = candidate;
        break;
      }
    }
    return "unknown field '"
        + name
        + "'"
        + of
        + (suggestion != null
            ? "; did you mean '" + suggestion + "'?"
            : " (fields: " + String.join(", ", known) + ")");
  }

  private static String expectation(Class<?> raw) {
    if (raw == String.class) {
      return "text";
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      return "a whole number";
    }
    if (raw == Double.class || raw == double.class || Number.class.isAssignableFrom(raw)) {
      return "a number";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "true or false";
    }
    if (raw.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : raw.getEnumConstants()) {
        names.add(PlaybookYaml.MAPPER.convertValue(constant, String.class));
      }
      return "one of " + String.join(", ", names);
    }
    return "a " + noun(raw);
  }

  /** How a value reads in a message: its text, or what kind of thing it is. */
  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      String text = node.asText();
      return "'" + (text.length() > 40 ? text.substring(0, 39) + "…" : text) + "'";
    }
    return node.toString();
  }

  private static String noun(Class<?> type) {
    return type.getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1 $2")
        .toLowerCase(Locale.ROOT)
        .replace("step def", "step");
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (type instanceof WildcardType w && w.getUpperBounds().length > 0) {
      return raw(w.getUpperBounds()[0]);
    }
    return Object.class;
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }
}
