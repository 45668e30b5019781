package dev.agentfleet.activities.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks model outputs against the JSON Schema contract of their step. Schemas default to draft
 * 2020-12 unless they name another draft in {@code $schema}; compiled schemas are cached by their
 * text, since a fleet calls the same few steps over and over.
 */
public final class ContractValidator {

  private static final int MAX_CACHED_SCHEMAS = 1_000;
  private static final String ANY_OBJECT = "{\"type\":\"object\"}";

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

  /**
   * Validates an output and returns the violations as readable lines, each starting with the JSON
   * path of the offending value ({@code $.confidence: must have a maximum value of 1}); empty when
   * the output conforms. A blank schema accepts any JSON object.
   *
   * @throws ModelUnavailableException when the schema text is not a JSON Schema
   */
  public List<String> validate(String schemaText, JsonNode output) {
    if (output == null || output.isMissingNode()) {
      return List.of("$: no output");
    }
    JsonSchema schema =
        compile(schemaText == null || schemaText.isBlank() ? ANY_OBJECT : schemaText);
    List<String> violations = new ArrayList<>();
    for (ValidationMessage message : schema.validate(output)) {
      String line = message.getMessage();
      if (!violations.contains(line)) {
        violations.add(line);
      }
    }
    return violations;
  }

  /**
   * Parses a schema text into a tree, for providers that read the property names.
   *
   * @throws ModelUnavailableException when the text is not JSON
   */
  public JsonNode schemaTree(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      return mapper.createObjectNode().put("type", "object");
    }
    try {
      return mapper.readTree(schemaText);
    } catch (JsonProcessingException e) {
      throw new ModelUnavailableException(
          "the step's output schema is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private JsonSchema compile(String schemaText) {
    JsonSchema cached = cache.get(schemaText);
    if (cached != null) {
      return cached;
    }
    JsonNode tree = schemaTree(schemaText);
    JsonSchema schema;
    try {
      schema = factory.getSchema(tree);
      schema.initializeValidators();
    } catch (JsonSchemaException | IllegalArgumentException e) {
      throw new ModelUnavailableException(
          "the step's output schema does not compile: " + e.getMessage(), e);
    }
    if (cache.size() >= MAX_CACHED_SCHEMAS) {
      cache.clear();
    }
    cache.put(schemaText, schema);
    return schema;
  }
}
