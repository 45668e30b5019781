package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.model.ModelTask;
import dev.agentfleet.workflows.routing.CelRules;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks what YAML parsing cannot: references, required fields per kind, rules, deadlines. */
final class PlaybookValidator {

  /** The shortest history a definition may ask to continue as new at. */
  static final int MIN_HISTORY_EVENTS = 20;

  private static final Set<String> INPUT_TYPES = Set.of("string", "number", "boolean");

  private PlaybookValidator() {}

  static List<String> problems(AgentDefinition def, String source) {
    List<String> problems = new ArrayList<>();
    if (blank(def.name())) {
      problems.add(source + ": name: an agent needs a name");
    }
    if (def.steps().isEmpty()) {
      problems.add(source + ": steps: an agent needs at least one step");
      return problems;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < def.steps().size(); i++) {
      StepDef step = def.steps().get(i);
      if (blank(step.id())) {
        problems.add(source + ": steps[" + i + "].id: every step needs an id");
      } else if (!ids.add(step.id())) {
        problems.add(source + ": steps[" + i + "].id: '" + step.id() + "' is used twice");
      }
    }
    for (InputField field : def.input()) {
      if (blank(field.name()) || !INPUT_TYPES.contains(field.type())) {
        problems.add(
            source
                + ": input: field '"
                + field.name()
                + "' needs a name and a type of "
                + INPUT_TYPES);
      }
    }
    if (def.subjectField() != null
        && def.input().stream().noneMatch(f -> def.subjectField().equals(f.name()))) {
      problems.add(source + ": subjectField: '" + def.subjectField() + "' is not an input field");
    }
    if (def.budget() != null
        && (def.budget().usd() == null || def.budget().usd().isNaN() || def.budget().usd() <= 0)) {
      problems.add(source + ": budget.usd: expected a positive amount in US dollars such as 0.05");
    }
    if (def.maxHistoryEvents() < MIN_HISTORY_EVENTS) {
      problems.add(
          source
              + ": maxHistoryEvents: expected at least "
              + MIN_HISTORY_EVENTS
              + " (the default is "
              + AgentDefinition.DEFAULT_MAX_HISTORY_EVENTS
              + "), got "
              + def.maxHistoryEvents());
    }
    Refs refs = new Refs(source, ids, problems);
    refs.require("start", def.start());
    for (StepDef step : def.steps()) {
      checkStep(step, refs, problems, source);
    }
    MemoryChecks.checkAgent(def, source, problems);
    return problems;
  }

  private static void checkStep(StepDef step, Refs refs, List<String> problems, String source) {
    String at = source + ": step '" + step.id() + "'";
    switch (step) {
      case ModelStep m -> {
        need(problems, at, "tier", m.tier());
        if (m.task() == null) {
          problems.add(at + ".task: expected one of classify, extract, draft");
        }
        if (m.task() == ModelTask.CLASSIFY && m.labels().isEmpty()) {
          problems.add(at + ".labels: a classify step needs its labels");
        }
        if (m.output().isEmpty()) {
          problems.add(at + ".output: a model step needs a JSON Schema output contract");
        }
        refs.require(at + ".next", m.next());
        refs.optional(at + ".onError", m.onError());
        MemoryChecks.checkStep(m, at, problems);
      }
      case RouteStep r -> {
        if (r.rules().isEmpty()) {
          problems.add(at + ".rules: a route step needs at least one rule");
        }
        for (RouteRule rule : r.rules()) {
          String ruleAt = at + ".rules['" + rule.name() + "']";
          need(problems, ruleAt, "name", rule.name());
          CelRules.compileError(rule.when())
              .ifPresent(e -> problems.add(ruleAt + ".when: CEL does not compile: " + e));
          refs.require(ruleAt + ".next", rule.next());
        }
        refs.require(at + ".otherwise", r.otherwise());
      }
      case ApprovalStep a -> {
        need(problems, at, "role", a.role());
        try {
          Duration.parse(a.deadline() == null ? "" : a.deadline());
        } catch (DateTimeParseException e) {
          problems.add(
              at + ".deadline: expected an ISO-8601 duration such as PT24H, got " + a.deadline());
        }
        refs.require(at + ".onApprove", a.onApprove());
        refs.require(at + ".onReject", a.onReject());
        for (String shown : a.show()) {
          refs.require(at + ".show", shown);
        }
      }
      case ActionStep a -> {
        need(problems, at, "connector", a.connector());
        need(problems, at, "operation", a.operation());
        refs.require(at + ".next", a.next());
        refs.optional(at + ".onError", a.onError());
      }
      case EndStep e -> {
        if (e.status() == null || !e.status().terminal()) {
          problems.add(at + ".status: expected completed, rejected, closed or failed");
        }
      }
    }
  }

  private static void need(List<String> problems, String at, String field, String value) {
    if (blank(value)) {
      problems.add(at + "." + field + ": required");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private record Refs(String source, Set<String> ids, List<String> problems) {
    void require(String at, String ref) {
      if (blank(ref)) {
        problems.add(at + ": required (a step id)");
      } else {
        optional(at, ref);
      }
    }

    void optional(String at, String ref) {
      if (ref != null && !ids.contains(ref)) {
        problems.add(at + ": no step is called '" + ref + "'");
      }
    }
  }
}
