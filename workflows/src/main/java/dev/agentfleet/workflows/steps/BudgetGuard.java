package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.Budget;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.workflow.Workflow;
import java.util.Locale;

/**
 * Holds a run to its playbook's budget before each model call a step makes: a model step, the items
 * of a map step over a model step, each turn of an agent step. A pure function of the run state: a
 * run without a budget (every run recorded before budgets existed) takes exactly the path it took
 * before and issues no command for it. Runs with a budget ask a version marker before the kinds of
 * step that were held to it later ({@link #MAP_BUDGET}, the agent step's turn budget), so runs
 * started before replay as they ran.
 */
public final class BudgetGuard {

  /** Error type of a model step skipped because the run spent its budget. */
  public static final String BUDGET_EXHAUSTED = "BudgetExhausted";

  /** The rule name of the decision to run a step on the small tier because of the budget. */
  public static final String DOWNGRADED = "budget: downgraded";

  /**
   * The {@link Workflow#getVersion} change id under which a map step's model items are held to the
   * run's budget; asked only in runs that have a budget, once per map step of model items.
   */
  public static final String MAP_BUDGET = "map-budget";

  private BudgetGuard() {}

  /**
   * Returns the tier to run the step on: its own while the run is under budget, {@code small} when
   * the run is over it and the playbook says {@code downgrade} (recorded as a decision), or null
   * when the playbook says {@code escalate} (recorded as a {@link #BUDGET_EXHAUSTED} error): the
   * caller then sends the run to the step's {@code onError} without calling a model.
   */
  public static String tierFor(ModelStep step, RunContext ctx) {
    return tierFor(step.id(), step.tier(), "model step", ctx);
  }

  /**
   * The tier the model items of a map step run on, decided once before the first item as for a
   * model step: the items start together, so a map that begins under budget runs all its items. A
   * run with a budget asks the {@link #MAP_BUDGET} marker first; runs started before maps were held
   * to the budget run every item on its own tier, as they did.
   */
  public static String tierFor(MapStep step, ModelStep item, RunContext ctx) {
    if (ctx.definition().budget() == null
        || Workflow.getVersion(MAP_BUDGET, Workflow.DEFAULT_VERSION, 1) < 1) {
      return item.tier();
    }
    return tierFor(step.id(), item.tier(), "map step", ctx);
  }

  /**
   * The same for a model call of another kind of step ({@code what}, e.g. "turn 3 of agent step"),
   * running on {@code tier}.
   */
  public static String tierFor(String stepId, String tier, String what, RunContext ctx) {
    Budget budget = ctx.definition().budget();
    double spent = ctx.cost().usd();
    if (budget == null || spent < budget.usd()) {
      return tier;
    }
    String over = "run.costUsd " + usd(spent) + " >= budget.usd " + usd(budget.usd());
    if (budget.onExhausted() == Budget.OnExhausted.DOWNGRADE) {
      ctx.recordDecision(
          stepId, DOWNGRADED, over + ": tier " + tier + " -> " + ModelTiers.SMALL, stepId, null);
      return ModelTiers.SMALL;
    }
    ctx.recordError(
        stepId,
        BUDGET_EXHAUSTED,
        "the run spent "
            + usd(spent)
            + " of its "
            + usd(budget.usd())
            + " budget before "
            + what
            + " "
            + stepId
            + "; a person decides how to go on");
    return null;
  }

  private static String usd(double amount) {
    return String.format(Locale.ROOT, "$%.6f", amount);
  }
}
