package dev.agentfleet.workflows.playbook;

import java.util.Map;

/**
 * What an approver may edit: values that overlay one step's output, each edit checked against
 * {@code schema} (a JSON Schema) before it is accepted.
 */
public record EditSpec(String step, Map<String, Object> schema) {

  public EditSpec {
    schema = schema == null ? Map.of() : schema;
  }
}
