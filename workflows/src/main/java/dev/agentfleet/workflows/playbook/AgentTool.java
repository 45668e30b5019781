package dev.agentfleet.workflows.playbook;

import java.util.Map;

/**
 * A tool an agent step may call: a connector operation, described to the model by its name,
 * description and JSON Schema parameters.
 */
public record AgentTool(
    String name,
    String description,
    String connector,
    String operation,
    Map<String, Object> parameters) {

  public AgentTool {
    parameters = parameters == null ? Map.of("type", "object") : parameters;
  }
}
