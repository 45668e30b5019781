package dev.agentfleet.workflows.agent;

import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.ToolPolicy;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.routing.RuleEvaluationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what becomes of a tool call an agent step's model proposed: a tool the step does not list
 * is denied; otherwise the step's {@code policy} rules are evaluated in order with CEL over {@code
 * tool} ({@code name}, {@code args}) and the run state, and the first that holds decides (allow,
 * approve by a role, deny). A listed tool no rule matches is allowed. A rule that cannot be
 * evaluated denies the call: a guard that errs must not let the call through.
 *
 * <p>A pure function of the step, the call and the variables, so it is safe in workflow code. Keep
 * one instance per run: compiled rules are cached in it.
 */
public final class ToolCallPolicy {

  /**
   * What becomes of one call.
   *
   * @param tool the step's tool the call named; null when it names none
   * @param decision {@link ToolPolicy#ALLOW}, {@link ToolPolicy#APPROVE} or {@link ToolPolicy#DENY}
   * @param role who approves, for {@code approve}
   * @param reason why, for the run state and the audit log
   * @param error true when a rule could not be evaluated and the call was denied for it
   */
  public record Verdict(
      AgentTool tool, String decision, String role, String reason, boolean error) {}

  private final CelRules rules = CelRules.forToolCalls();

  /** Decides one proposed call against the step's tools and policy over the run's variables. */
  public Verdict decide(AgentStep step, ToolCall call, Map<String, Object> runVariables) {
    AgentTool tool = find(step.tools(), call.name());
    if (tool == null) {
      return new Verdict(null, ToolPolicy.DENY, null, "not an allowed tool", false);
    }
    Map<String, Object> toolVar = new LinkedHashMap<>();
    toolVar.put("name", call.name());
    toolVar.put("args", call.args());
    Map<String, Object> vars = new LinkedHashMap<>(runVariables);
    vars.put("tool", toolVar);
    List<ToolPolicy> policy = step.policy();
    for (int i = 0; i < policy.size(); i++) {
      ToolPolicy rule = policy.get(i);
      String where = "policy[" + i + "] `" + rule.when() + "`";
      try {
        if (rules.test(rule.when(), vars)) {
          return new Verdict(tool, rule.decision(), rule.role(), where, false);
        }
      } catch (RuleEvaluationException e) {
        return new Verdict(tool, ToolPolicy.DENY, null, e.getMessage(), true);
      }
    }
    return new Verdict(tool, ToolPolicy.ALLOW, null, "no policy rule matched", false);
  }

  private static AgentTool find(List<AgentTool> tools, String name) {
    if (name == null) {
      return null;
    }
    for (AgentTool tool : tools) {
      if (name.equals(tool.name())) {
        return tool;
      }
    }
    return null;
  }
}
