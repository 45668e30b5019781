package dev.agentfleet.eval;

import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.playbook.StepDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The route rules after which a run acts on the world with no person in between: from the rule's
 * next step, following model steps (which only compute) and nothing else, the walk of the step
 * graph reaches an action step before any approval, route or end step. A rule whose branch meets
 * another route step is not counted itself; the rules of that route step are judged on their own,
 * so a record is counted once, by the rule that sent it to the action. A route step's {@code
 * otherwise} branch counts as a rule named {@code otherwise}.
 */
public final class AutoActionRules {

  private AutoActionRules() {}

  /**
   * A rule that leads to an action without an approval.
   *
   * @param action the step it reaches, as {@code id (connector.operation)}
   */
  public record AutoAction(String stepId, String rule, String action) {

    /** How reports name the rule: {@code step/rule}, as {@link DecisionPath.Fired#name()}. */
    public String name() {
      return stepId + "/" + rule;
    }
  }

  /** Every such rule of the definition, in playbook order. */
  public static List<AutoAction> of(AgentDefinition definition) {
    List<AutoAction> found = new ArrayList<>();
    for (StepDef step : definition.steps()) {
      if (step instanceof RouteStep route) {
        for (RouteRule rule : route.rules()) {
          actionAfter(definition, rule.next())
              .ifPresent(a -> found.add(new AutoAction(route.id(), rule.name(), a)));
        }
        actionAfter(definition, route.otherwise())
            .ifPresent(a -> found.add(new AutoAction(route.id(), "otherwise", a)));
      }
    }
    return found;
  }

  private static Optional<String> actionAfter(AgentDefinition definition, String first) {
    Set<String> seen = new HashSet<>();
    String next = first;
    while (next != null && seen.add(next)) {
      Optional<StepDef> step = definition.step(next);
      if (step.isEmpty()) {
        return Optional.empty();
      }
      switch (step.get()) {
        case ActionStep a -> {
          return Optional.of(a.id() + " (" + a.connector() + "." + a.operation() + ")");
        }
        case ModelStep m -> next = m.next();
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
