package dev.agentfleet.workflows.agent;

import java.util.Map;

/**
 * A tool as the model sees it: its name, what it does, and the JSON Schema of its arguments. The
 * connector behind it stays with the workflow.
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

  public ToolSpec {
    parameters = parameters == null ? Map.of("type", "object") : parameters;
  }
}
