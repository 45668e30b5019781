package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.money.CurrencyActivities;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.routing.CelReads;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.routing.RuleEvaluationException;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs a {@link RouteStep}: the first rule whose condition holds decides the next step, and the
 * decision is recorded with the rule's name, its expression and the values the expression read. A
 * rule that cannot be evaluated is recorded as an error and treated as not holding, so a bad rule
 * never routes a run by accident.
 *
 * <p>When a step's rules convert money ({@code toBase}, {@code knownCurrency}), the run first asks
 * the workers for their rates table (a local activity, once per execution, under the {@value
 * #MONEY_IN_BASE} version marker), so the rule compares the same amount in base the connector will.
 * Without the table (the activity failed) the money functions fail and the rules using them do not
 * hold: the run goes to a person rather than guess.
 */
public final class RouteStepRunner implements StepRunner<RouteStep> {

  /**
   * The {@link Workflow#getVersion} change id under which a decision also records the values its
   * condition saw; runs recorded before it replay without them.
   */
  static final String SEEN_VALUES = "route-decision-values";

  /** The {@link Workflow#getVersion} change id under which rules convert money with the rates. */
  public static final String MONEY_IN_BASE = "money-in-base";

  private static final LocalActivityOptions RATES =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private final CelRules rules = new CelRules();
  private CurrencyTable rates;

  /** Evaluates the rules; the next step is the first holding rule's, else {@code otherwise}. */
  @Override
  public StepOutcome run(RouteStep step, RunContext ctx) {
    long started = ctx.now();
    Map<String, Object> vars = ctx.variables();
    CurrencyTable table = ratesFor(step, ctx);
    Optional<RouteRule> holding =
        firstHolding(
            step,
            rules,
            vars,
            table,
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
        ctx.approvals().grantRule(rule.name(), step.id());
      }
      ctx.recordStep(step.id(), "route", rule.name(), "-> " + rule.next(), started);
      return StepOutcome.next(rule.next());
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
    return StepOutcome.next(step.otherwise());
  }

  private static boolean keepsValues() {
    return Workflow.getVersion(SEEN_VALUES, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * The first rule of the step whose condition holds over {@code vars}, empty when none does (the
   * run goes to {@code otherwise}). A rule that cannot be evaluated is reported to {@code onError}
   * and treated as not holding. Money functions convert with {@code rates} (null: they fail, and
   * the rules using them do not hold). Pure, so {@code fleet eval} routes exactly as a run does.
   */
  public static Optional<RouteRule> firstHolding(
      RouteStep step,
      CelRules rules,
      Map<String, Object> vars,
      CurrencyTable rates,
      BiConsumer<RouteRule, String> onError) {
    for (RouteRule rule : step.rules()) {
      try {
        if (rules.test(rule.when(), vars, rates)) {
          return Optional.of(rule);
        }
      } catch (RuleEvaluationException e) {
        onError.accept(rule, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The rates table when a rule of the step converts money; null when none does. */
  private CurrencyTable ratesFor(RouteStep step, RunContext ctx) {
    if (rates != null || step.rules().stream().noneMatch(r -> CelRules.usesMoney(r.when()))) {
      return rates;
    }
    if (Workflow.getVersion(MONEY_IN_BASE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return null;
    }
    try {
      rates = Workflow.newLocalActivityStub(CurrencyActivities.class, RATES).currencyTable();
    } catch (ActivityFailure failure) {
      ctx.recordError(
          step.id(),
          Failures.type(failure),
          "no rates table; rules that convert money do not hold: " + Failures.message(failure));
    }
    return rates;
  }
}
