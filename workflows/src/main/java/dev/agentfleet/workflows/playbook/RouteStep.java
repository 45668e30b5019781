package dev.agentfleet.workflows.playbook;

import java.util.List;

/**
 * Picks the next step by the first rule whose CEL condition holds over the run state; when none
 * holds, goes to {@code otherwise}. Rules, not position, decide where a run goes.
 */
public record RouteStep(String id, String purpose, List<RouteRule> rules, String otherwise)
    implements StepDef {

  public RouteStep {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
