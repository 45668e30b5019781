package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule or template may read: {@code input.X} for declared input fields, {@code steps.S.F}
 * for existing steps and (where the step's output schema lists its properties) declared fields,
 * {@code run.X} for the run fields, {@code tool.X} in an agent's tool policy.
 */
final class FieldReferences {

  /** The run fields rules and templates see. */
  static final List<String> RUN_FIELDS =
      List.of("agent", "workflowId", "category", "confidence", "costUsd", "approvals");

  /** Templates that run when a run has ended (the memory's {@code remember}) also see these. */
  static final List<String> RUN_END_FIELDS = List.of("status", "outcome");

  /** A proposed tool call, as an agent step's policy rules see it. */
  static final List<String> TOOL_FIELDS = List.of("name", "args");

  private final Set<String> inputs;
  private final Map<String, Optional<JsonNode>> outputs = new HashMap<>();

  private FieldReferences(Set<String> inputs) {
    this.inputs = inputs;
  }

  /** The references a playbook tree allows. */
  static FieldReferences of(JsonNode root) {
    JsonNode input = root.path("input");
    Set<String> inputs = null;
    if (input.isArray() && !input.isEmpty()) {
      inputs = new LinkedHashSet<>();
      for (JsonNode field : input) {
        inputs.add(field.path("name").asText());
      }
      inputs.add("id"); // every work item has its id as input.id
    }
    FieldReferences references = new FieldReferences(inputs);
    for (JsonNode step : root.path("steps")) {
      String id = step.path("id").asText();
      if (!id.isEmpty()) {
        references.outputs.putIfAbsent(id, Optional.ofNullable(outputSchema(step)));
      }
    }
    return references;
  }

  /**
   * What is wrong with reading the chain ({@code [steps, extract, amount]}); empty when the read is
   * fine or the chain is not one of ours.
   *
   * @param runFields the run fields this place may read
   * @param toolAllowed true in an agent's tool policy
   */
  Optional<String> check(List<String> chain, List<String> runFields, boolean toolAllowed) {
    if (chain.size() < 2) {
      return Optional.empty();
    }
    String root = chain.get(0);
    String field = chain.get(1);
    switch (root) {
      case "input" -> {
        if (inputs != null && !inputs.contains(field)) {
          return Optional.of(
              "reads input."
                  + field
                  + ", but the playbook's input has no field '"
                  + field
                  + "' (it has "
                  + String.join(", ", inputs)
                  + ")");
        }
      }
      case "run" -> {
        if (!runFields.contains(field)) {
          return Optional.of(
              "reads run." + field + ", but a run has only " + String.join(", ", runFields));
        }
        if (field.equals("approvals") && chain.size() > 2 && !outputs.containsKey(chain.get(2))) {
          return Optional.of(
              "reads run.approvals."
                  + chain.get(2)
                  + ", but no step is called '"
                  + chain.get(2)
                  + "'");
        }
      }
      case "steps" -> {
        if (!outputs.containsKey(field)) {
          return Optional.of("reads steps." + field + ", but no step is called '" + field + "'");
        }
        return declared(chain, outputs.get(field).orElse(null));
      }
      case "tool" -> {
        if (toolAllowed && !TOOL_FIELDS.contains(field)) {
          return Optional.of(
              "reads tool."
                  + field
                  + ", but a tool call has only "
                  + String.join(", ", TOOL_FIELDS));
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Follows the chain into the step's output schema while the schema lists properties. */
  private static Optional<String> declared(List<String> chain, JsonNode schema) {
    String read = "steps." + chain.get(1);
    for (int i = 2; i < chain.size() && schema != null; i++) {
      JsonNode properties = schema.path("properties");
      if (!properties.isObject() || properties.isEmpty()) {
        return Optional.empty();
      }
      String name = chain.get(i);
      read += "." + name;
      if (!properties.has(name)) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return Optional.of(
            "reads "
                + read
                + ", but the output schema of step '"
                + chain.get(1)
                + "' declares no '"
                + name
                + "' there (it declares "
                + String.join(", ", names)
                + ")");
      }
      schema = properties.get(name);
    }
    return Optional.empty();
  }

  /** The schema of what a step records as its output, or null when that is not declared. */
  private static JsonNode outputSchema(JsonNode step) {
    return switch (step.path("kind").asText()) {
      case "model", "agent" -> step.path("output").isObject() ? step.path("output") : null;
      case "map" -> {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("results").put("type", "array");
        properties.putObject("items").put("type", "array");
        yield schema;
      }
      default -> null;
    };
  }
}
