package dev.agentfleet.activities.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.model.ModelUnavailableException;
import dev.agentfleet.workflows.agent.ToolSpec;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import java.util.List;
import java.util.Map;

/**
 * Turns a playbook tool's JSON Schema parameters into a LangChain4j {@link ToolSpecification}. The
 * top level becomes a {@link JsonObjectSchema}; each property keeps its schema as written (a {@link
 * JsonRawSchema}), so bounds, patterns and nested shapes reach the model unchanged.
 */
final class ToolSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolSchemas() {}

  static List<ToolSpecification> specifications(List<ToolSpec> tools) {
    return tools.stream().map(ToolSchemas::specification).toList();
  }

  static ToolSpecification specification(ToolSpec tool) {
    ToolSpecification.Builder builder =
        ToolSpecification.builder().name(tool.name()).parameters(parameters(tool));
    if (tool.description() != null && !tool.description().isBlank()) {
      builder.description(tool.description());
    }
    return builder.build();
  }

  /**
   * The parameters of a tool: an object whose properties are the schema's own.
   *
   * @throws ModelUnavailableException when the schema is not an object schema
   */
  static JsonObjectSchema parameters(ToolSpec tool) {
    Map<String, Object> schema = tool.parameters();
    Object type = schema.get("type");
    if (type != null && !"object".equals(type)) {
      throw new ModelUnavailableException(
          "tool '"
              + tool.name()
              + "' declares parameters of type "
              + type
              + "; a tool's parameters must be a JSON Schema of type object");
    }
    JsonObjectSchema.Builder object = JsonObjectSchema.builder();
    if (schema.get("description") instanceof String description) {
      object.description(description);
    }
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      properties.forEach(
          (name, property) -> object.addProperty(String.valueOf(name), raw(tool, property)));
    }
    if (schema.get("required") instanceof List<?> required) {
      object.required(required.stream().map(String::valueOf).toList());
    }
    if (schema.get("additionalProperties") instanceof Boolean additional) {
      object.additionalProperties(additional);
    }
    return object.build();
  }

  private static JsonRawSchema raw(ToolSpec tool, Object property) {
    try {
      return JsonRawSchema.from(JSON.writeValueAsString(property));
    } catch (JsonProcessingException e) {
      throw new ModelUnavailableException(
          "a parameter schema of tool '" + tool.name() + "' is not JSON", e);
    }
  }
}
