package dev.agentfleet.workflows.playbook.lint;

import dev.agentfleet.workflows.connector.NearestName;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The keywords of JSON Schema draft 2020-12, grouped by what their value must be. */
final class SchemaKeywords {

  static final Set<String> TYPES =
      Set.of("null", "boolean", "object", "array", "number", "string", "integer");

  static final Set<String> SCHEMA_VALUED =
      Set.of(
          "additionalProperties",
          "unevaluatedProperties",
          "items",
          "unevaluatedItems",
          "contains",
          "propertyNames",
          "not",
          "if",
          "then",
          "else",
          "contentSchema");
  static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
  static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
  static final Set<String> NUMBERS =
      Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
  static final Set<String> COUNTS =
      Set.of(
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "minContains",
          "maxContains");
  static final Set<String> TEXTS =
      Set.of(
          "$schema",
          "$id",
          "$ref",
          "$anchor",
          "$dynamicRef",
          "$dynamicAnchor",
          "$comment",
          "title",
          "description",
          "format",
          "pattern",
          "contentEncoding",
          "contentMediaType");
  static final Set<String> FLAGS = Set.of("uniqueItems", "deprecated", "readOnly", "writeOnly");
  static final Set<String> ANY = Set.of("const", "default", "examples", "$vocabulary");
  static final Set<String> OTHER = Set.of("type", "enum", "required", "dependentRequired");

  private SchemaKeywords() {}

  /** The message for an unknown keyword, naming the known one it is closest to. */
  static String unknown(String name) {
    for (String known : all()) {
      if (known.equalsIgnoreCase(name) || NearestName.distance(known, name) <= 1) {
        return "unknown JSON Schema keyword '"
            + name
            + "'; did you mean '"
            + known
            + "'? (an unknown keyword is ignored, so it would check nothing)";
      }
    }
    return "unknown JSON Schema keyword '"
        + name
        + "' (an unknown keyword is ignored, so it would check nothing; prefix your own annotations"
        + " with x-)";
  }

  private static Set<String> all() {
    Set<String> all = new TreeSet<>();
    for (Set<String> group :
        List.of(
            SCHEMA_VALUED, SCHEMA_MAPS, SCHEMA_LISTS, NUMBERS, COUNTS, TEXTS, FLAGS, ANY, OTHER)) {
      all.addAll(group);
    }
    return all;
  }
}
