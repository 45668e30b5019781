package dev.agentfleet.workflows.routing;

/** A routing condition that could not be evaluated; the run records it and treats it as false. */
public class RuleEvaluationException extends RuntimeException {

  public RuleEvaluationException(String expression, String problem) {
    super("rule `" + expression + "` could not be evaluated: " + problem);
  }
}
