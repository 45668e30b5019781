package dev.agentfleet.workflows.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, step by step: the step it is in, each executed step, the outputs, the routing
 * decisions, the errors, the actions and their rollbacks, and the events it received. Plain data
 * that issues no command; {@link RunContext} adds the audit entries, metrics and search attributes.
 */
final class StepJournal {

  private String currentStep;
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<RunError> errors = new ArrayList<>();
  private final List<ActionRecord> actions = new ArrayList<>();
  private final List<Rollback> rollbacks = new ArrayList<>();
  private final List<RunEvent> events = new ArrayList<>();

  /** Takes over what a previous execution of the run recorded. */
  void resume(RunState s) {
    s.outputs().forEach((k, v) -> outputs.put(k, new LinkedHashMap<>(v)));
    steps.addAll(s.steps());
    decisions.addAll(s.decisions());
    errors.addAll(s.errors());
    actions.addAll(s.actions());
    rollbacks.addAll(s.rollbacks());
    events.addAll(s.events());
  }

  String currentStep() {
    return currentStep;
  }

  /** The step the run is in now; null once it ended. */
  void enter(String stepId) {
    currentStep = stepId;
  }

  Map<String, Object> output(String stepId) {
    return outputs.get(stepId);
  }

  /** The outputs as they are now (not a copy): what rules and templates read. */
  Map<String, Map<String, Object>> outputs() {
    return outputs;
  }

  void putOutput(String stepId, Map<String, Object> output) {
    outputs.put(stepId, output);
  }

  /** Overlays edited values on a step's output. */
  void applyEdit(String stepId, Map<String, Object> values) {
    Map<String, Object> edited = new LinkedHashMap<>();
    Map<String, Object> before = outputs.get(stepId);
    if (before != null) {
      edited.putAll(before);
    }
    edited.putAll(values);
    outputs.put(stepId, edited);
  }

  StepRecord addStep(StepRecord step) {
    steps.add(step);
    return step;
  }

  void addDecision(Decision decision) {
    decisions.add(decision);
  }

  void addError(RunError error) {
    errors.add(error);
  }

  List<ActionRecord> actions() {
    return List.copyOf(actions);
  }

  void addAction(ActionRecord action) {
    actions.add(action);
  }

  void addRollback(Rollback rollback) {
    rollbacks.add(rollback);
  }

  void addEvent(RunEvent event) {
    events.add(event);
  }

  /** The first event of this name the run received, or null. */
  RunEvent event(String name) {
    return events.stream().filter(e -> name.equals(e.name())).findFirst().orElse(null);
  }

  Map<String, Map<String, Object>> outputsCopy() {
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    outputs.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
    return copy;
  }

  List<StepRecord> steps() {
    return new ArrayList<>(steps);
  }

  List<Decision> decisions() {
    return new ArrayList<>(decisions);
  }

  List<RunError> errors() {
    return new ArrayList<>(errors);
  }

  List<ActionRecord> actionsCopy() {
    return new ArrayList<>(actions);
  }

  List<Rollback> rollbacks() {
    return new ArrayList<>(rollbacks);
  }

  List<RunEvent> events() {
    return new ArrayList<>(events);
  }
}
