package dev.agentfleet.eval;

import dev.agentfleet.workflows.memory.ContextBudget;
import dev.agentfleet.workflows.memory.StepContext;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.routing.CelRules;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunVariables;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import dev.agentfleet.workflows.steps.RouteStepRunner;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks one record down an agent's decision path, as a run would, without touching the world: model
 * steps are asked through the execution plane's {@link ModelActivities} with the request {@link
 * ModelStepRunner#request} builds for a run, route steps pick their rule with {@link
 * RouteStepRunner#firstHolding} over the variables {@link RunVariables} builds for a run. The walk
 * stops where a run would reach the world or a person: an action, an approval, an end, or a kind of
 * step eval does not run (wait, notify, map, agent).
 *
 * <p>Differences from a run, all on the side of not acting: no memory recall (a step's context is
 * its declared fields within its budget), no budget downgrade (each step runs on its own tier), no
 * search attributes, audit or ledger. One instance per thread: its rule cache is not shared.
 */
public final class DecisionPath {

  /**
   * How many times a model call that failed transiently is tried in all, as a run's retry would.
   */
  private static final int ATTEMPTS = 3;

  private final AgentDefinition definition;
  private final ModelActivities model;
  private final CelRules rules = new CelRules();
  private final CurrencyTable rates;

  /**
   * A walker of {@code definition}'s decision path.
   *
   * @param rates the workers' rates table, which route rules that convert money ({@code toBase})
   *     use as a run's rules do; null makes those rules not hold, as in a run without the table
   */
  public DecisionPath(AgentDefinition definition, ModelActivities model, CurrencyTable rates) {
    this.definition = definition;
    this.model = model;
    this.rates = rates;
  }

  /** A route rule that held for the record, or {@code otherwise} when none did. */
  public record Fired(String stepId, String rule, String next) {

    /** How reports name it: {@code step/rule}. */
    public String name() {
      return stepId + "/" + rule;
    }
  }

  /**
   * Where the walk stopped and how it got there.
   *
   * @param outputs every model step's output, by step id
   * @param fired the route decisions in order
   * @param stopKind {@code action}, {@code approval}, {@code end}, or another step kind eval does
   *     not run, or {@code limit} when the definition's step limit was reached
   * @param stopStep the step it stopped at
   * @param errors the failures met, as {@code step: type: message}
   * @param answeredBy the provider and model that answered each model step, as {@code
   *     provider/model}
   */
  public record Walk(
      Map<String, Map<String, Object>> outputs,
      List<Fired> fired,
      String stopKind,
      String stopStep,
      List<String> errors,
      Map<String, String> answeredBy) {}

  /** Walks the record from the definition's first step. */
  public Walk walk(WorkItem item) {
    String workflowId = "eval/" + definition.name() + "/" + item.id();
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    List<Fired> fired = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> answeredBy = new LinkedHashMap<>();
    String category = null;
    Double confidence = null;
    double costUsd = 0;
    String next = definition.start();
    int executed = 0;
    while (next != null) {
      if (++executed > definition.maxSteps()) {
        return new Walk(outputs, fired, "limit", next, errors, answeredBy);
      }
      StepDef step = definition.requireStep(next);
      Map<String, Object> vars =
          RunVariables.of(
              item,
              definition.name(),
              workflowId,
              category,
              confidence,
              costUsd,
              Map.of(),
              outputs);
      switch (step) {
        case ModelStep m -> {
          Map<String, Object> context =
              ContextBudget.fit(StepContext.declared(m, vars), null, m.contextTokens()).values();
          ModelRequest request =
              ModelStepRunner.request(
                  m,
                  IdempotencyKeys.model(workflowId, m.id()),
                  m.id(),
                  definition.name(),
                  m.tier(),
                  vars,
                  context);
          try {
            ModelResponse response = complete(request);
            outputs.put(m.id(), response.output());
            answeredBy.put(m.id(), response.provider() + "/" + response.model());
            category = RunVariables.category(response.output(), category);
            confidence = RunVariables.confidence(response.output(), confidence);
            costUsd += response.costUsd();
            next = m.next();
          } catch (ApplicationFailure failure) {
            errors.add(m.id() + ": " + failure.getType() + ": " + failure.getOriginalMessage());
            next = m.onError();
          }
        }
        case RouteStep r -> {
          Optional<RouteRule> rule =
              RouteStepRunner.firstHolding(
                  r,
                  rules,
                  vars,
                  rates,
                  (bad, message) ->
                      errors.add(r.id() + ": RuleError: " + bad.name() + ": " + message));
          String to = rule.map(RouteRule::next).orElse(r.otherwise());
          fired.add(new Fired(r.id(), rule.map(RouteRule::name).orElse("otherwise"), to));
          next = to;
        }
        case ActionStep a -> {
          return new Walk(outputs, fired, "action", a.id(), errors, answeredBy);
        }
        case ApprovalStep a -> {
          return new Walk(outputs, fired, "approval", a.id(), errors, answeredBy);
        }
        case EndStep e -> {
          return new Walk(outputs, fired, "end", e.id(), errors, answeredBy);
        }
        default -> {
          return new Walk(outputs, fired, step.kind(), step.id(), errors, answeredBy);
        }
      }
    }
    return new Walk(outputs, fired, "end", null, errors, answeredBy);
  }

  /**
   * Calls the model, trying a transient failure again as the activity's retry policy would; a
   * non-retryable failure (contract violation, unavailable model) ends the step at once.
   */
  private ModelResponse complete(ModelRequest request) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return model.complete(request);
      } catch (ApplicationFailure failure) {
        if (failure.isNonRetryable() || attempt == ATTEMPTS) {
          throw failure;
        }
        last = failure;
      } catch (RuntimeException e) {
        last = e;
      }
      if (attempt < ATTEMPTS) {
        pause(attempt);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the model call failed " + ATTEMPTS + " times: " + last.getMessage(),
        last.getClass().getSimpleName());
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(500L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvalException("interrupted");
    }
  }
}
