package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks that the playbook's contracts are JSON Schemas (draft 2020-12) a validator will read as
 * meant: the model and agent {@code output}, an approval's {@code edit.schema}, a tool's {@code
 * parameters}. It checks structure, not instances: known {@code type} names, {@code properties} a
 * mapping of schemas, {@code required} a list of names, numbers where bounds go, patterns that
 * compile, local {@code $ref}s that resolve, and no unknown keyword (a misspelt {@code maxlength}
 * is silently ignored by every validator, so the contract would hold less than it says).
 */
final class SchemaCheck {

  private final Findings findings;
  private final JsonNode root;

  private SchemaCheck(Findings findings, JsonNode root) {
    this.findings = findings;
    this.root = root;
  }

  /** Checks every contract in the playbook's steps. */
  static void check(JsonNode playbook, Findings findings) {
    JsonNode steps = playbook.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      contracts(steps.get(i), YamlPath.index("steps", i), findings);
    }
  }

  private static void contracts(JsonNode step, String at, Findings findings) {
    switch (step.path("kind").asText()) {
      case "model" -> contract(step.path("output"), YamlPath.key(at, "output"), true, findings);
      case "agent" -> {
        contract(step.path("output"), YamlPath.key(at, "output"), true, findings);
        JsonNode tools = step.path("tools");
        for (int j = 0; j < tools.size(); j++) {
          String path = YamlPath.key(YamlPath.index(YamlPath.key(at, "tools"), j), "parameters");
          contract(tools.get(j).path("parameters"), path, true, findings);
        }
      }
      case "approval" -> {
        String path = YamlPath.key(YamlPath.key(at, "edit"), "schema");
        contract(step.path("edit").path("schema"), path, true, findings);
      }
      case "map" -> contracts(step.path("do"), YamlPath.key(at, "do"), findings);
      default -> {}
    }
  }

  /**
   * Checks one contract.
   *
   * @param object true when the contract describes a JSON object (an output, edit values or tool
   *     arguments), so a {@code type} other than object cannot be met
   */
  private static void contract(JsonNode schema, String path, boolean object, Findings findings) {
    if (schema.isMissingNode() || schema.isNull()) {
      return;
    }
    new SchemaCheck(findings, schema).schema(schema, path);
    JsonNode type = schema.path("type");
    if (object
        && type.isTextual()
        && SchemaKeywords.TYPES.contains(type.asText())
        && !type.asText().equals("object")) {
      findings.at(
          YamlPath.key(path, "type"),
          "this contract describes a JSON object, so its type must be object, not "
              + type.asText());
    }
  }

  private void schema(JsonNode schema, String path) {
    if (schema.isBoolean()) {
      return;
    }
    if (!schema.isObject()) {
      findings.at(path, "expected a JSON Schema (a mapping), got " + ShapeCheck.describe(schema));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      keyword(entry.getKey(), entry.getValue(), YamlPath.key(path, entry.getKey()));
    }
    bounds(schema, path, "minimum", "maximum");
    bounds(schema, path, "minLength", "maxLength");
    bounds(schema, path, "minItems", "maxItems");
    bounds(schema, path, "minProperties", "maxProperties");
    closedButRequired(schema, path);
  }

  private void keyword(String name, JsonNode value, String path) {
    if (SchemaKeywords.SCHEMA_VALUED.contains(name)) {
      if (name.equals("items") && value.isArray()) {
        findings.at(
            path, "items takes one schema in draft 2020-12; a list of schemas is prefixItems");
        return;
      }
      schema(value, path);
    } else if (SchemaKeywords.SCHEMA_MAPS.contains(name)) {
      if (!value.isObject()) {
        findings.at(path, name + " must map names to schemas, got " + ShapeCheck.describe(value));
        return;
      }
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (name.equals("patternProperties")) {
                  pattern(e.getKey(), YamlPath.key(path, e.getKey()));
                }
                schema(e.getValue(), YamlPath.key(path, e.getKey()));
              });
    } else if (SchemaKeywords.SCHEMA_LISTS.contains(name)) {
      if (!value.isArray() || value.isEmpty()) {
        findings.at(path, name + " must be a non-empty list of schemas");
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        schema(value.get(i), YamlPath.index(path, i));
      }
    } else if (SchemaKeywords.NUMBERS.contains(name)) {
      if (!value.isNumber()) {
        findings.at(path, name + " must be a number, got " + ShapeCheck.describe(value));
      } else if (name.equals("multipleOf") && value.asDouble() <= 0) {
        findings.at(path, "multipleOf must be greater than 0");
      }
    } else if (SchemaKeywords.COUNTS.contains(name)) {
      if (!value.isIntegralNumber() || value.asLong() < 0) {
        findings.at(
            path,
            name + " must be a whole number of at least 0, got " + ShapeCheck.describe(value));
      }
    } else if (SchemaKeywords.TEXTS.contains(name)) {
      if (!value.isTextual()) {
        findings.at(path, name + " must be text, got " + ShapeCheck.describe(value));
      } else if (name.equals("pattern")) {
        pattern(value.asText(), path);
      } else if (name.equals("$ref")) {
        reference(value.asText(), path);
      }
    } else if (SchemaKeywords.FLAGS.contains(name)) {
      if (!value.isBoolean()) {
        findings.at(path, name + " must be true or false, got " + ShapeCheck.describe(value));
      }
    } else if (SchemaKeywords.OTHER.contains(name)) {
      other(name, value, path);
    } else if (!SchemaKeywords.ANY.contains(name) && !name.startsWith("x-")) {
      findings.atKey(path, SchemaKeywords.unknown(name));
    }
  }

  private void other(String name, JsonNode value, String path) {
    switch (name) {
      case "type" -> {
        if (value.isTextual()) {
          type(value.asText(), path);
        } else if (value.isArray() && !value.isEmpty()) {
          Set<String> seen = new HashSet<>();
          for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual() || !seen.add(value.get(i).asText())) {
              findings.at(YamlPath.index(path, i), "type names must be text and each given once");
            } else {
              type(value.get(i).asText(), YamlPath.index(path, i));
            }
          }
        } else {
          findings.at(
              path,
              "type must be a type name or a list of them, got " + ShapeCheck.describe(value));
        }
      }
      case "enum" -> {
        if (!value.isArray() || value.isEmpty()) {
          findings.at(path, "enum must be a non-empty list of the allowed values");
        }
      }
      case "required" -> names(value, path, "required");
      case "dependentRequired" -> {
        if (!value.isObject()) {
          findings.at(path, "dependentRequired must map property names to lists of names");
        } else {
          value
              .fields()
              .forEachRemaining(
                  e -> names(e.getValue(), YamlPath.key(path, e.getKey()), "dependentRequired"));
        }
      }
      default -> {}
    }
  }

  private void type(String name, String path) {
    if (!SchemaKeywords.TYPES.contains(name)) {
      findings.at(
          path,
          "unknown type '"
              + name
              + "': expected one of "
              + String.join(", ", new TreeSet<>(SchemaKeywords.TYPES)));
    }
  }

  private void names(JsonNode value, String path, String keyword) {
    if (!value.isArray()) {
      findings.at(
          path, keyword + " must be a list of property names, got " + ShapeCheck.describe(value));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual() || !seen.add(value.get(i).asText())) {
        findings.at(
            YamlPath.index(path, i), keyword + " must list each property name once, as text");
      }
    }
  }

  private void bounds(JsonNode schema, String path, String min, String max) {
    JsonNode low = schema.path(min);
    JsonNode high = schema.path(max);
    if (low.isNumber() && high.isNumber() && low.asDouble() > high.asDouble()) {
      findings.at(
          YamlPath.key(path, min),
          min
              + " "
              + low.asText()
              + " is above "
              + max
              + " "
              + high.asText()
              + ": nothing can satisfy both");
    }
  }

  /** A required property the schema forbids (no such property, no others allowed). */
  private void closedButRequired(JsonNode schema, String path) {
    JsonNode required = schema.path("required");
    if (!required.isArray()
        || !schema.path("additionalProperties").isBoolean()
        || schema.path("additionalProperties").asBoolean()
        || schema.has("patternProperties")) {
      return;
    }
    JsonNode properties = schema.path("properties");
    for (int i = 0; i < required.size(); i++) {
      String name = required.get(i).asText();
      if (!properties.has(name)) {
        findings.at(
            YamlPath.index(YamlPath.key(path, "required"), i),
            "'"
                + name
                + "' is required but not among the properties, and additionalProperties is false:"
                + " no value can satisfy this schema");
      }
    }
  }

  private void pattern(String regex, String path) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      findings.at(path, "the pattern does not compile: " + e.getDescription());
    }
  }

  private void reference(String ref, String path) {
    if (!ref.startsWith("#")) {
      findings.at(
          path,
          "$ref '"
              + ref
              + "' points outside this schema; a contract must be self-contained (put shared parts"
              + " under $defs and use #/$defs/NAME)");
      return;
    }
    JsonNode target = root.at(ref.substring(1));
    if (target.isMissingNode()) {
      findings.at(path, "$ref '" + ref + "' points at nothing in this schema");
    }
  }
}
