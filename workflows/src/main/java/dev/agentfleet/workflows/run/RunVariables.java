package dev.agentfleet.workflows.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables that rules and templates see, {@code input}, {@code steps} and {@code run}, built
 * from the parts of a run's state. {@link RunContext#variables()} builds them inside a run; {@code
 * fleet eval} builds them for a record it walks outside Temporal, so both see the very same shape.
 */
public final class RunVariables {

  private RunVariables() {}

  /**
   * The variables of a run.
   *
   * @param item the work item; its id is {@code input.id} unless a field of that name exists
   * @param approvals each approval step's status by step id
   * @param outputs every step's output by step id (shared, not copied)
   */
  public static Map<String, Object> of(
      WorkItem item,
      String agent,
      String workflowId,
      String category,
      Double confidence,
      double costUsd,
      Map<String, Object> approvals,
      Map<String, Map<String, Object>> outputs) {
    Map<String, Object> input = new LinkedHashMap<>(item.fields());
    input.putIfAbsent("id", item.id());
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("agent", agent);
    run.put("workflowId", workflowId);
    run.put("category", category);
    run.put("confidence", confidence);
    run.put("costUsd", costUsd);
    run.put("approvals", approvals);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("input", input);
    vars.put("steps", outputs);
    vars.put("run", run);
    return vars;
  }

  /** The run's category after a step produced {@code output}: its {@code category}, if a text. */
  public static String category(Map<String, Object> output, String before) {
    return output.get("category") instanceof String c ? c : before;
  }

  /**
   * The run's confidence after a step produced {@code output}: its {@code confidence}, if a number.
   */
  public static Double confidence(Map<String, Object> output, Double before) {
    return output.get("confidence") instanceof Number n ? n.doubleValue() : before;
  }
}
