package dev.agentfleet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small valid instance of a JSON Schema, made up for a request: every required property, an enum
 * value the step's context mentions (else one picked by the request's hash), numbers inside their
 * bounds (a confidence high in its range), strings of a valid length and, for patterns, the
 * context's value of the same name or a common short candidate that matches. Optional properties
 * are left out. It reads the keywords the fleet's playbooks use ({@code type}, {@code properties},
 * {@code required}, {@code enum}, {@code const}, bounds, lengths, {@code pattern}, {@code format},
 * {@code items}, {@code minItems}) plus local {@code $ref}, {@code allOf}, {@code anyOf} and {@code
 * oneOf}; a pattern none of its candidates matches is the known gap.
 *
 * <p>It also breaks an instance on purpose, for the contract fault: a value outside an enum or a
 * required property left out, else a value of the wrong type.
 */
final class SchemaExample {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 16;
  private final JsonNode root;
  private final JsonNode context;
  private final long hash;
  private final List<String> contextTexts = new ArrayList<>();

  /**
   * @param root the schema
   * @param context the step's context (an object, or a missing node)
   * @param hash the request's hash under the seed, for choices the context does not settle
   */
  SchemaExample(JsonNode root, JsonNode context, long hash) {
    this.root = root;
    this.context = context;
    this.hash = hash;
    if (context.isObject()) {
      context.properties().stream()
          .map(Map.Entry::getValue)
          .filter(JsonNode::isTextual)
          .forEach(v -> contextTexts.add(v.asText().toLowerCase(Locale.ROOT)));
    }
  }

  /** A valid instance of the whole schema. */
  JsonNode instance() {
    return generate(root, null, 0);
  }

  /**
   * An instance of the schema that breaks it: a top-level value outside its enum, or a required
   * property missing (picked by the hash among those the schema has); else a property of the wrong
   * type; else an extra property where none are allowed; else a JSON array instead of an object.
   */
  JsonNode broken() {
    JsonNode schema = resolve(root, 0);
    JsonNode instance = instance();
    if (!(instance instanceof ObjectNode object)) {
      return JSON.createObjectNode().put("unexpected", "an object where the schema wants none");
    }
    JsonNode properties = schema.path("properties");
    List<Runnable> breaks = new ArrayList<>();
    for (String name : names(properties)) {
      JsonNode property = resolve(properties.get(name), 0);
      if (object.has(name) && property.path("enum").isArray()) {
        breaks.add(() -> object.put(name, outside(property.get("enum"))));
      }
    }
    for (JsonNode required : schema.path("required")) {
      if (object.has(required.asText())) {
        breaks.add(() -> object.remove(required.asText()));
      }
    }
    if (breaks.isEmpty()) {
      for (String name : names(properties)) {
        JsonNode property = resolve(properties.get(name), 0);
        if (object.has(name) && property.has("type")) {
          breaks.add(
              () ->
                  object.set(
                      name,
                      object.get(name).isTextual()
                          ? LongNode.valueOf(12345)
                          : TextNode.valueOf("chaos: the wrong type")));
        }
      }
    }
    if (breaks.isEmpty() && schema.path("additionalProperties").isBoolean()) {
      breaks.add(() -> object.put("chaosUnexpectedField", "not allowed here"));
    }
    if (breaks.isEmpty()) {
      return JSON.createArrayNode().add("chaos: an array where the schema wants an object");
    }
    breaks.get(Draws.pick(hash, breaks.size())).run();
    return object;
  }

  private JsonNode generate(JsonNode schema, String name, int depth) {
    if (schema == null || schema.isMissingNode() || (schema.isBoolean() && schema.asBoolean())) {
      return name == null
          ? JSON.createObjectNode()
          : TextNode.valueOf(ExampleValues.sentence(name, 0, Integer.MAX_VALUE));
    }
    if (schema.isBoolean() || depth > MAX_DEPTH) {
      return NullNode.getInstance();
    }
    JsonNode s = resolve(schema, depth);
    if (s.has("const")) {
      return s.get("const").deepCopy();
    }
    if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
      return choose(s.get("enum"), name).deepCopy();
    }
    JsonNode alternatives = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
    if (alternatives != null && alternatives.isArray() && !alternatives.isEmpty()) {
      ObjectNode combined = ((ObjectNode) s.deepCopy());
      combined.remove(List.of("oneOf", "anyOf"));
      JsonNode branch = resolve(preferNonNull(alternatives), depth + 1);
      branch.properties().forEach(e -> combined.set(e.getKey(), e.getValue()));
      return generate(combined, name, depth + 1);
    }
    return switch (type(s, name)) {
      case "object" -> object(s, depth);
      case "array" -> array(s, name, depth);
      case "string" ->
          TextNode.valueOf(
              ExampleValues.string(
                  s,
                  name,
                  name != null && context.path(name).isTextual()
                      ? context.get(name).asText()
                      : null));
      case "integer" -> ExampleValues.number(s, name, true);
      case "number" -> ExampleValues.number(s, name, false);
      case "boolean" -> JSON.getNodeFactory().booleanNode(true);
      default -> NullNode.getInstance();
    };
  }

  /** Follows local {@code $ref}s and folds {@code allOf} into one schema. */
  private JsonNode resolve(JsonNode schema, int depth) {
    JsonNode s = schema;
    for (int hops = 0; s.isObject() && s.path("$ref").isTextual() && hops < MAX_DEPTH; hops++) {
      String ref = s.get("$ref").asText();
      JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
      ObjectNode merged =
          target != null && target.isObject() ? target.deepCopy() : JSON.createObjectNode();
      s.properties().stream()
          .filter(e -> !e.getKey().equals("$ref"))
          .forEach(e -> merged.set(e.getKey(), e.getValue()));
      s = merged;
    }
    if (s.isObject() && s.path("allOf").isArray() && depth < MAX_DEPTH) {
      ObjectNode merged = s.deepCopy();
      merged.remove("allOf");
      for (JsonNode part : s.get("allOf")) {
        fold(merged, resolve(part, depth + 1));
      }
      s = merged;
    }
    return s.isObject() ? s : JSON.createObjectNode();
  }

  private static void fold(ObjectNode into, JsonNode part) {
    part.properties()
        .forEach(
            e -> {
              String key = e.getKey();
              JsonNode value = e.getValue();
              if (key.equals("properties") && value.isObject()) {
                ObjectNode properties = into.withObjectProperty("properties");
                value.properties().forEach(p -> properties.set(p.getKey(), p.getValue()));
              } else if (key.equals("required") && value.isArray()) {
                Set<String> required = new LinkedHashSet<>();
                into.path("required").forEach(r -> required.add(r.asText()));
                value.forEach(r -> required.add(r.asText()));
                ArrayNode union = into.putArray("required");
                required.forEach(union::add);
              } else if (!into.has(key)) {
                into.set(key, value);
              }
            });
  }

  private static JsonNode preferNonNull(JsonNode alternatives) {
    for (JsonNode branch : alternatives) {
      if (!"null".equals(branch.path("type").asText())) {
        return branch;
      }
    }
    return alternatives.get(0);
  }

  private static String type(JsonNode s, String name) {
    JsonNode type = s.get("type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (!t.asText().equals("null")) {
          return t.asText();
        }
      }
      return "null";
    }
    if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
      return "object";
    }
    if (s.has("items") || s.has("prefixItems") || s.has("minItems")) {
      return "array";
    }
    if (s.has("minLength") || s.has("maxLength") || s.has("pattern") || s.has("format")) {
      return "string";
    }
    if (s.has("minimum") || s.has("maximum") || s.has("multipleOf")) {
      return "number";
    }
    return name == null ? "object" : "string";
  }

  private ObjectNode object(JsonNode s, int depth) {
    ObjectNode out = JSON.createObjectNode();
    JsonNode properties = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    for (JsonNode required : s.path("required")) {
      String name = required.asText();
      JsonNode property =
          properties.has(name)
              ? properties.get(name)
              : additional != null && additional.isObject() ? additional : null;
      out.set(name, generate(property, name, depth + 1));
    }
    int minProperties = s.path("minProperties").asInt(0);
    Iterator<String> optional = names(properties).iterator();
    while (out.size() < minProperties && optional.hasNext()) {
      String name = optional.next();
      if (!out.has(name)) {
        out.set(name, generate(properties.get(name), name, depth + 1));
      }
    }
    return out;
  }

  private ArrayNode array(JsonNode s, String name, int depth) {
    ArrayNode out = JSON.createArrayNode();
    int minItems = s.path("minItems").asInt(0);
    JsonNode prefix = s.has("prefixItems") ? s.get("prefixItems") : null;
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) {
      prefix = items;
      items = s.get("additionalItems");
    }
    for (int i = 0; i < minItems; i++) {
      JsonNode item = prefix != null && i < prefix.size() ? prefix.get(i) : items;
      String itemName = (name == null ? "item" : name) + (i == 0 ? "" : " " + (i + 1));
      out.add(generate(item, itemName, depth + 1));
    }
    return out;
  }

  /** The first enum value the context mentions as a word, else one picked by the hash. */
  private JsonNode choose(JsonNode values, String name) {
    for (JsonNode value : values) {
      if (value.isTextual() && !value.asText().isBlank()) {
        Pattern word =
            Pattern.compile("\\b" + Pattern.quote(value.asText().toLowerCase(Locale.ROOT)) + "\\b");
        if (contextTexts.stream().anyMatch(text -> word.matcher(text).find())) {
          return value;
        }
      }
    }
    return values.get(Draws.pick(Draws.hash(hash, name == null ? "" : name), values.size()));
  }

  private static String outside(JsonNode values) {
    String candidate = "chaos-not-in-enum";
    Set<String> taken = new LinkedHashSet<>();
    values.forEach(v -> taken.add(v.asText()));
    while (taken.contains(candidate)) {
      candidate += "-x";
    }
    return candidate;
  }

  private static List<String> names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
