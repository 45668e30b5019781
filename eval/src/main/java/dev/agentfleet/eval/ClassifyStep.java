package dev.agentfleet.eval;

import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ModelTask;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.StepDef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classification step whose output is judged: {@code --step}, else the agent's first model step
 * with {@code task: classify}. Its label is the output's {@code category} (or {@code label}, {@code
 * intent}, {@code class}), its confidence the output's {@code confidence} (or {@code score}, {@code
 * probability}); an output without a confidence counts as 0, one outside [0, 1] is clamped.
 */
public record ClassifyStep(ModelStep step, Set<String> labels) {

  private static final List<String> LABEL_KEYS = List.of("category", "label", "intent", "class");
  private static final List<String> CONFIDENCE_KEYS = List.of("confidence", "score", "probability");

  /**
   * Finds the step.
   *
   * @param stepId {@code --step}, null for the first classify step
   */
  public static ClassifyStep find(AgentDefinition definition, String stepId) {
    ModelStep chosen = null;
    if (stepId != null) {
      StepDef step =
          definition
              .step(stepId)
              .orElseThrow(
                  () ->
                      new EvalException(
                          "agent " + definition.name() + " has no step '" + stepId + "'", 2));
      if (!(step instanceof ModelStep m)) {
        throw new EvalException(
            "step '" + stepId + "' is a " + step.kind() + " step; --step names a model step", 2);
      }
      chosen = m;
    } else {
      for (StepDef step : definition.steps()) {
        if (step instanceof ModelStep m && m.task() == ModelTask.CLASSIFY) {
          chosen = m;
          break;
        }
      }
      if (chosen == null) {
        throw new EvalException(
            "agent "
                + definition.name()
                + " has no model step with task: classify — name the step to judge with --step");
      }
    }
    Set<String> labels = new LinkedHashSet<>(chosen.labels());
    if (labels.isEmpty()) {
      chosen.examples().inline().stream().map(Example::label).forEach(labels::add);
    }
    if (labels.isEmpty()) {
      throw new EvalException(
          "step '" + chosen.id() + "' lists no labels and no labelled examples to judge against");
    }
    return new ClassifyStep(chosen, Set.copyOf(labels));
  }

  /** The label the step's output proposes; null when it has none. */
  public String label(Map<String, Object> output) {
    if (output == null) {
      return null;
    }
    for (String key : LABEL_KEYS) {
      if (output.get(key) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  /** The step's output with its label replaced by {@code label} (the other fields as they were). */
  public Map<String, Object> relabelled(Map<String, Object> output, String label) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(output);
    for (String key : LABEL_KEYS) {
      if (copy.get(key) instanceof String) {
        copy.put(key, label);
        return copy;
      }
    }
    copy.put(LABEL_KEYS.get(0), label);
    return copy;
  }

  /** The confidence of the step's output, clamped to [0, 1]; 0 without one. */
  public double confidence(Map<String, Object> output) {
    if (output == null) {
      return 0;
    }
    for (String key : CONFIDENCE_KEYS) {
      if (output.get(key) instanceof Number n && !Double.isNaN(n.doubleValue())) {
        return Math.max(0, Math.min(1, n.doubleValue()));
      }
    }
    return 0;
  }
}
