package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.routing.RuleEvaluationException;
import dev.agentfleet.workflows.run.RunContext;
import java.util.Map;

/**
 * Runs a {@link RouteStep}: the first rule whose condition holds decides the next step, and the
 * decision is recorded with the rule's name and expression. A rule that cannot be evaluated is
 * recorded as an error and treated as not holding, so a bad rule never routes a run by accident.
 */
public final class RouteStepRunner {

  private final CelRules rules = new CelRules();

  /** Evaluates the rules and returns the id of the next step. */
  public String run(RouteStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    for (RouteRule rule : step.rules()) {
      boolean holds;
      try {
        holds = rules.test(rule.when(), vars);
      } catch (RuleEvaluationException e) {
        ctx.recordError(step.id(), "RuleError", rule.name() + ": " + e.getMessage());
        continue;
      }
      if (holds) {
        ctx.recordDecision(step.id(), rule.name(), rule.when(), rule.next());
        if (rule.autoApprove()) {
          ctx.grantRuleApproval(rule.name(), step.id());
        }
        ctx.recordStep(step.id(), "route", rule.name(), "-> " + rule.next(), started);
        return rule.next();
      }
    }
    ctx.recordDecision(step.id(), "otherwise", null, step.otherwise());
    ctx.recordStep(step.id(), "route", "otherwise", "-> " + step.otherwise(), started);
    return step.otherwise();
  }
}
