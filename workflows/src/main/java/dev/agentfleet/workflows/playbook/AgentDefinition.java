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
 * @param budget what one run may spend on model calls; null for no limit
 * @param remember what a finished run leaves in the short-term memory; null to remember nothing
 * @param maxHistoryEvents how many events one execution's history may hold before the run continues
 *     as new between steps (default {@value #DEFAULT_MAX_HISTORY_EVENTS}), well under Temporal's
 *     limit of 50,000
 */
public record AgentDefinition(
    String name,
    String description,
    List<InputField> input,
    String subjectField,
    String start,
    Integer maxSteps,
    List<StepDef> steps,
    Budget budget,
    MemoryRemember remember,
    Integer maxHistoryEvents) {

  /** The history length at which a run continues as new when its definition names none. */
  public static final int DEFAULT_MAX_HISTORY_EVENTS = 10_000;

  /** A definition without a budget, memory or history limit of its own. */
  public AgentDefinition(
      String name,
      String description,
      List<InputField> input,
      String subjectField,
      String start,
      Integer maxSteps,
      List<StepDef> steps) {
    this(name, description, input, subjectField, start, maxSteps, steps, null, null, null);
  }

  public AgentDefinition {
    input = input == null ? List.of() : List.copyOf(input);
    steps = steps == null ? List.of() : List.copyOf(steps);
    maxSteps = maxSteps == null ? 50 : maxSteps;
    maxHistoryEvents = maxHistoryEvents == null ? DEFAULT_MAX_HISTORY_EVENTS : maxHistoryEvents;
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
