package dev.agentfleet.eval;

import dev.agentfleet.starter.cli.FleetContext;
import dev.agentfleet.starter.cost.Since;
import dev.agentfleet.starter.ops.DecisionLabels;
import dev.agentfleet.starter.ops.RunStates;
import dev.agentfleet.workflows.playbook.Playbook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fleet eval AGENT --from-decisions}: the agent's proposals in its newest runs, judged by
 * {@link DecisionLabels} against what people decided, in the same report as a labelled file. The
 * runs are listed through visibility and asked for their state, as {@code fleet stats} does; no
 * route rule is judged (a decided run went to a person, not to an automatic action).
 */
final class FromDecisions {

  private final FleetContext context;

  FromDecisions(FleetContext context) {
    this.context = context;
  }

  EvalReport evaluate(
      Playbook playbook, ClassifyStep classify, String since, int limit, double targetPrecision) {
    if (limit < 1) {
      throw new EvalException("--limit must be at least 1", EvalException.USAGE);
    }
    Instant from;
    try {
      from = since == null ? null : Since.parse(since, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new EvalException("--since: " + e.getMessage(), EvalException.USAGE);
    }
    long started = System.nanoTime();
    String agent = playbook.definition().name();
    RunStates.Collected collected =
        new RunStates(context.connectedTemporal()).collect(agent, limit);
    List<DecisionLabels.Judged> judged =
        DecisionLabels.of(collected.states(), classify.step().id(), from);
    if (judged.isEmpty()) {
      throw new EvalException(
          "none of the "
              + collected.states().size()
              + " newest runs of "
              + agent
              + " has a proposal a person decided"
              + (since == null ? "" : " since " + since)
              + " — decide some (./fleet pending, ./fleet approve) or widen --since/--limit");
    }
    List<Outcome> outcomes = new ArrayList<>();
    int line = 0;
    for (DecisionLabels.Judged j : judged) {
      outcomes.add(
          new Outcome(
              ++line,
              j.workflowId(),
              j.label(),
              j.predicted(),
              j.confidence(),
              List.of(),
              "decided " + j.decision(),
              List.of(),
              null,
              null));
    }
    String source =
        judged.size()
            + " decided runs among the newest "
            + collected.states().size()
            + (collected.unanswered() == 0
                ? ""
                : " (" + collected.unanswered() + " more did not answer)")
            + (since == null ? "" : " since " + since)
            + "; approved unchanged = right, edited or rejected = wrong";
    return EvalReport.of(
        agent,
        playbook.hash(),
        classify.step().id(),
        source,
        null,
        outcomes,
        List.of(),
        targetPrecision,
        List.of(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
