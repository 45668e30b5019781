package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.routing.RuleEvaluationException;
import dev.agentfleet.workflows.run.RunContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

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
    Optional<RouteRule> holding =
        firstHolding(
            step,
            rules,
            ctx.variables(),
            (rule, message) ->
                ctx.recordError(step.id(), "RuleError", rule.name() + ": " + message));
    if (holding.isPresent()) {
      RouteRule rule = holding.get();
      ctx.recordDecision(step.id(), rule.name(), rule.when(), rule.next());
      if (rule.autoApprove()) {
        ctx.grantRuleApproval(rule.name(), step.id());
      }
      ctx.recordStep(step.id(), "route", rule.name(), "-> " + rule.next(), started);
      return rule.next();
    }
    ctx.recordDecision(step.id(), "otherwise", null, step.otherwise());
    ctx.recordStep(step.id(), "route", "otherwise", "-> " + step.otherwise(), started);
    return step.otherwise();
  }

  /**
   * The first rule of the step whose condition holds over {@code vars}, empty when none does (the
   * run goes to {@code otherwise}). A rule that cannot be evaluated is reported to {@code onError}
   * and treated as not holding. Pure, so {@code fleet eval} routes exactly as a run does.
   */
  public static Optional<RouteRule> firstHolding(
      RouteStep step,
      CelRules rules,
      Map<String, Object> vars,
      BiConsumer<RouteRule, String> onError) {
    for (RouteRule rule : step.rules()) {
      try {
        if (rules.test(rule.when(), vars)) {
          return Optional.of(rule);
        }
      } catch (RuleEvaluationException e) {
        onError.accept(rule, e.getMessage());
      }
    }
    return Optional.empty();
  }
}
