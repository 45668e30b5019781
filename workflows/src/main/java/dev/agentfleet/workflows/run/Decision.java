package dev.agentfleet.workflows.run;

import java.util.Map;

/**
 * A routing decision: which rule fired (or {@code otherwise}) and where it sent the run.
 *
 * @param expression the CEL condition of the rule that fired; null for {@code otherwise}
 * @param seen why: the values the condition read when it held, by dotted path ({@code
 *     steps.classify.confidence: 0.62}); for {@code otherwise}, the values every rule read. Empty
 *     in runs recorded before the values were kept (see {@code RouteStepRunner#SEEN_VALUES}).
 */
public record Decision(
    String stepId, String rule, String expression, String next, long at, Map<String, Object> seen) {

  public Decision {
    seen = seen == null ? Map.of() : seen;
  }

  /** A decision without the values its condition saw. */
  public Decision(String stepId, String rule, String expression, String next, long at) {
    this(stepId, rule, expression, next, at, null);
  }
}
