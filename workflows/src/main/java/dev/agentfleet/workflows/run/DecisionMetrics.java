package dev.agentfleet.workflows.run;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The run's step and decision-quality meters, emitted from workflow code through {@link
 * Workflow#getMetricsScope()}. That scope drops everything while the workflow replays its history,
 * so a meter counts what happened once, not once per replay or cache eviction; state carried over a
 * continue-as-new is restored without passing through here, so it is not counted twice either.
 *
 * <p>Labels are the agent, the step kind, the approval role and the outcome or decision: never a
 * run, a record, an approver, a comment or any input value. In Prometheus (the worker's registry
 * with Temporal's Micrometer reporter) these are {@code fleet_step_latency_seconds}, {@code
 * fleet_approval_decisions_total}, {@code fleet_approval_decision_latency_seconds} and {@code
 * fleet_rollbacks_total}; the rates (acceptance, edit, rollback) are ratios of these counters,
 * computed in PromQL.
 */
final class DecisionMetrics {

  /** Timer: how long a step took, in workflow time, by agent, kind and outcome. */
  static final String STEP_LATENCY = "fleet_step_latency";

  /** Counter: human decisions on approvals, by agent, role and decision. */
  static final String DECISIONS = "fleet_approval_decisions";

  /** Timer: from an approval's request to the person's accepted decision. */
  static final String DECISION_LATENCY = "fleet_approval_decision_latency";

  /** Counter: compensations run while rolling a run back, by agent and outcome. */
  static final String ROLLBACKS = "fleet_rollbacks";

  /** Outcomes are short words from the step runners; anything else is reported as "other". */
  private static final Pattern BOUNDED = Pattern.compile("[a-z][a-z-]{0,23}");

  private DecisionMetrics() {}

  /** Records a finished step's latency. A route's outcome is its rule's name, reported "routed". */
  static void step(String agent, StepRecord step) {
    String outcome = "route".equals(step.kind()) ? "routed" : bounded(step.outcome());
    scope(agent, "kind", bounded(step.kind()), "outcome", outcome)
        .timer(STEP_LATENCY)
        .record(millis(step.finishedAt() - step.startedAt()));
  }

  /** Counts a person's accepted decision and how long the request waited for it. */
  static void approvalClosed(String agent, ApprovalRecord approval) {
    Scope scope =
        scope(agent, "role", label(approval.role()), "decision", bounded(approval.status()));
    scope.counter(DECISIONS).inc(1);
    scope.timer(DECISION_LATENCY).record(millis(approval.decidedAt() - approval.requestedAt()));
  }

  /** Counts one compensation of a rollback. */
  static void rollback(String agent, Rollback rollback) {
    scope(agent, "outcome", bounded(rollback.outcome())).counter(ROLLBACKS).inc(1);
  }

  private static Scope scope(String agent, String... tags) {
    Map<String, String> map = new HashMap<>();
    map.put("agent", label(agent));
    for (int i = 0; i < tags.length; i += 2) {
      map.put(tags[i], tags[i + 1]);
    }
    return Workflow.getMetricsScope().tagged(map);
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(Math.max(0, millis));
  }

  private static String label(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }

  private static String bounded(String value) {
    if (value == null || value.isBlank()) {
      return "unknown";
    }
    return BOUNDED.matcher(value).matches() ? value : "other";
  }
}
