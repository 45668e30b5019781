package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.run.RunContext;
import java.util.Locale;

/**
 * What one execution of an agent step used so far (tokens, dollars), added to the run's cost turn
 * by turn, and the step's own limits on it.
 */
final class AgentUsage {

  private long tokens;
  private double usd;

  /** Adds a turn's use to the step's and to the run's cost. */
  void add(AgentTurn turn, RunContext ctx) {
    tokens += turn.inputTokens() + turn.outputTokens();
    usd += turn.costUsd();
    ctx.addModelCost(turn.spend());
  }

  /**
   * Why the loop may not go on after turn {@code iterations} (no proposed call may run), or null.
   */
  String overLimit(AgentStep step, int iterations) {
    if (iterations >= step.maxIterations()) {
      return "maxIterations "
          + step.maxIterations()
          + " reached without a final answer; the last turn's calls were not run";
    }
    if (step.maxTokens() != null && tokens > step.maxTokens()) {
      return "maxTokens " + step.maxTokens() + " exceeded: " + tokens + " tokens used";
    }
    if (step.maxCostUsd() != null && usd > step.maxCostUsd()) {
      return String.format(
          Locale.ROOT, "maxCostUsd %.6f exceeded: $%.6f spent", step.maxCostUsd(), usd);
    }
    return null;
  }

  /** As the step's record shows it: {@code tokens=N usd=D}. */
  String detail() {
    return "tokens=" + tokens + String.format(Locale.ROOT, " usd=%.6f", usd);
  }
}
