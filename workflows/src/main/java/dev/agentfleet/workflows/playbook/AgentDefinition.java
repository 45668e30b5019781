package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/**
 * An agent as data: its input contract and its steps. A run receives the whole definition with its
 * content hash at start, so it keeps the version it started with for its life.
 *
 * @param start the first step; the first listed step when absent
 * @param subjectField the input field shown as the run's subject in the memo and the Web UI
 * @param maxSteps the most steps one run may execute, the bound on any loop in the graph
 */
public record AgentDefinition(
    String name,
    String description,
    List<InputField> input,
    String subjectField,
    String start,
    Integer maxSteps,
    List<StepDef> steps) {

  public AgentDefinition {
    input = input == null ? List.of() : List.copyOf(input);
    steps = steps == null ? List.of() : List.copyOf(steps);
    maxSteps = maxSteps == null ? 50 : maxSteps;
    if (start == null && !steps.isEmpty()) {
      start = steps.get(0).id();
    }
  }

  /** Finds a step by id. */
  public Optional<StepDef> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Finds a step by id or fails with a message naming the agent and the missing id. */
  @JsonIgnore
  public StepDef requireStep(String id) {
    return step(id)
        .orElseThrow(
            () -> new IllegalStateException("agent " + name + " has no step '" + id + "'"));
  }
}
