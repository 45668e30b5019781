package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.routing.CelReads;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.routing.RuleEvaluationException;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs a {@link RouteStep}: the first rule whose condition holds decides the next step, and the
 * decision is recorded with the rule's name, its expression and the values the expression read. A
 * rule that cannot be evaluated is recorded as an error and treated as not holding, so a bad rule
 * never routes a run by accident.
 */
public final class RouteStepRunner {

  /**
   * The {@link Workflow#getVersion} change id under which a decision also records the values its
   * condition saw; runs recorded before it replay without them.
   */
  static final String SEEN_VALUES = "route-decision-values";

  private final CelRules rules = new CelRules();

  /** Evaluates the rules and returns the id of the next step. */
  public String run(RouteStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    Optional<RouteRule> holding =
        firstHolding(
            step,
            rules,
            vars,
            (rule, message) ->
                ctx.recordError(step.id(), "RuleError", rule.name() + ": " + message));
    if (holding.isPresent()) {
      RouteRule rule = holding.get();
      ctx.recordDecision(
          step.id(),
          rule.name(),
          rule.when(),
          rule.next(),
          keepsValues() ? CelReads.seen(rule.when(), vars) : null);
      if (rule.autoApprove()) {
        ctx.grantRuleApproval(rule.name(), step.id());
      }
      ctx.recordStep(step.id(), "route", rule.name(), "-> " + rule.next(), started);
      return rule.next();
    }
    Map<String, Object> seen = null;
    if (keepsValues()) {
      seen = new LinkedHashMap<>();
      for (RouteRule rule : step.rules()) {
        seen.putAll(CelReads.seen(rule.when(), vars));
      }
    }
    ctx.recordDecision(step.id(), "otherwise", null, step.otherwise(), seen);
    ctx.recordStep(step.id(), "route", "otherwise", "-> " + step.otherwise(), started);
    return step.otherwise();
  }

  private static boolean keepsValues() {
    return Workflow.getVersion(SEEN_VALUES, Workflow.DEFAULT_VERSION, 1) >= 1;
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
