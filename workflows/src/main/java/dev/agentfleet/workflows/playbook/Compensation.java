package dev.agentfleet.workflows.playbook;

import java.util.Map;

/**
 * The connector call that undoes an action, run when a later failure's policy is {@code
 * compensate}.
 *
 * @param params templates over the run state; the action's own result is {@code steps.<id>}
 */
public record Compensation(String connector, String operation, Map<String, String> params) {

  public Compensation {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
