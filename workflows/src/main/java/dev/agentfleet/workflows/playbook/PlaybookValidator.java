package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.connector.NearestName;
import dev.agentfleet.workflows.model.ModelTask;
import dev.agentfleet.workflows.routing.CelRules;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks what YAML parsing cannot: references, required fields per kind, rules, deadlines.
 *
 * <p>Longer than ~300 lines on purpose: one case per step kind in one switch, so adding a step kind
 * adds its checks in one place (docs/contributing.md, "adding a step kind").
 */
final class PlaybookValidator {

  /** The shortest history a definition may ask to continue as new at. */
  static final int MIN_HISTORY_EVENTS = 20;

  private static final Set<String> INPUT_TYPES = Set.of("string", "number", "boolean", "array");

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
      ExecutionChecks.check(step, source + ": step '" + step.id() + "'", problems);
    }
    MemoryChecks.checkAgent(def, source, problems);
    return problems;
  }

  /** A data file of examples feeds a classifier and stays inside the playbook's folder. */
  private static void checkExamplesFile(ModelStep m, String at, List<String> problems) {
    var file = m.examples().file();
    if (file == null) {
      return;
    }
    if (m.task() != ModelTask.CLASSIFY) {
      problems.add(at + ".examples: examples are for classify steps, this step is " + m.task());
    }
    String path = file.file().replace('\\', '/');
    if (path.startsWith("/")
        || path.matches("^[A-Za-z]:.*")
        || ("/" + path + "/").contains("/../")) {
      problems.add(
          at
              + ".examples.file: expected a path relative to the playbook's folder, inside it;"
              + " got '"
              + file.file()
              + "'");
    }
  }

  private static void checkStep(StepDef step, Refs refs, List<String> problems, String source) {
    String at = source + ": step '" + step.id() + "'";
    switch (step) {
      case ModelStep m -> {
        need(problems, at, "tier", m.tier());
        if (m.task() == null) {
          problems.add(at + ".task: expected one of classify, extract, draft, translate");
        }
        if (m.task() == ModelTask.CLASSIFY && m.labels().isEmpty()) {
          problems.add(at + ".labels: a classify step needs its labels");
        }
        if (m.output().isEmpty()) {
          problems.add(at + ".output: a model step needs a JSON Schema output contract");
        }
        checkExamplesFile(m, at, problems);
        refs.require(at + ".next", m.next());
        refs.optional(at + ".onError", m.onError());
        MemoryChecks.checkStep(m, at, problems);
        checkFailure(m.onFailure(), m.onError(), at, problems);
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
        refs.optional(at + ".onEdit", a.onEdit());
        for (String shown : a.show()) {
          refs.require(at + ".show", shown);
        }
        for (int i = 0; i < a.escalation().size(); i++) {
          EscalationLevel level = a.escalation().get(i);
          need(problems, at + ".escalation[" + i + "]", "role", level.role());
          if (level.after() != null) {
            duration(problems, at + ".escalation[" + i + "].after", level.after());
          }
        }
        if (a.escalateTo() != null && !a.escalation().isEmpty()) {
          problems.add(at + ".escalateTo: give either escalateTo or an escalation chain, not both");
        }
        if (a.edit() != null) {
          refs.require(at + ".edit.step", a.edit().step());
          if (a.edit().schema().isEmpty()) {
            problems.add(
                at + ".edit.schema: an editable approval needs the JSON Schema of the edit");
          }
        } else if (a.onEdit() != null) {
          problems.add(at + ".onEdit: the step allows no edits (it has no edit section)");
        }
      }
      case ActionStep a -> {
        need(problems, at, "connector", a.connector());
        need(problems, at, "operation", a.operation());
        refs.require(at + ".next", a.next());
        refs.optional(at + ".onError", a.onError());
        if (a.compensate() != null) {
          need(problems, at + ".compensate", "connector", a.compensate().connector());
          need(problems, at + ".compensate", "operation", a.compensate().operation());
        }
        checkFailure(a.onFailure(), a.onError(), at, problems);
      }
      case WaitStep w -> {
        duration(problems, at + ".duration", w.duration());
        refs.require(at + ".next", w.next());
        if (w.signal() != null) {
          refs.require(at + ".onSignal", w.onSignal());
        } else if (w.onSignal() != null) {
          problems.add(at + ".onSignal: only a wait for a signal has an onSignal step");
        }
      }
      case NotifyStep n -> {
        channel(n.channel(), at + ".channel", problems);
        if (NotifyStep.MAIL.equals(n.channel())) {
          need(problems, at, "to", n.to());
        }
        need(problems, at, "body", n.body());
        refs.require(at + ".next", n.next());
        checkFailure(n.onFailure(), null, at, problems);
      }
      case MapStep m -> {
        if (!(m.items() instanceof String) && !(m.items() instanceof List<?>)) {
          problems.add(at + ".items: expected a template such as {{input.languages}} or a list");
        }
        if (m.concurrency() < 1) {
          problems.add(at + ".concurrency: expected at least 1, got " + m.concurrency());
        }
        if (!(m.step() instanceof ModelStep) && !(m.step() instanceof ActionStep)) {
          problems.add(at + ".do: expected one inline model or action step");
        } else if (m.step() instanceof ModelStep inner && inner.examples().file() != null) {
          problems.add(
              at + ".do.examples: examples from a data file are for top-level classify steps");
        } else if (m.step() instanceof ModelStep inner && inner.output().isEmpty()) {
          problems.add(at + ".do.output: a model step needs a JSON Schema output contract");
        }
        refs.require(at + ".next", m.next());
        checkFailure(m.onFailure(), null, at, problems);
      }
      case AgentStep a -> {
        need(problems, at, "tier", a.tier());
        need(problems, at, "goal", a.goal());
        if (a.tools().isEmpty()) {
          problems.add(at + ".tools: an agent step needs at least one tool");
        }
        Set<String> toolNames = new HashSet<>();
        for (int i = 0; i < a.tools().size(); i++) {
          AgentTool tool = a.tools().get(i);
          String toolAt = at + ".tools[" + i + "]";
          need(problems, toolAt, "name", tool.name());
          need(problems, toolAt, "connector", tool.connector());
          need(problems, toolAt, "operation", tool.operation());
          if (tool.name() != null && !toolNames.add(tool.name())) {
            problems.add(toolAt + ".name: '" + tool.name() + "' is used twice");
          }
        }
        for (int i = 0; i < a.policy().size(); i++) {
          ToolPolicy rule = a.policy().get(i);
          String ruleAt = at + ".policy[" + i + "]";
          if (!Set.of(ToolPolicy.ALLOW, ToolPolicy.APPROVE, ToolPolicy.DENY)
              .contains(rule.decision())) {
            problems.add(ruleAt + ".decision: expected allow, approve or deny");
          }
          if (ToolPolicy.APPROVE.equals(rule.decision())) {
            need(problems, ruleAt, "role", rule.role());
          }
          need(problems, ruleAt, "when", rule.when());
        }
        if (a.maxIterations() < 1) {
          problems.add(at + ".maxIterations: expected at least 1");
        }
        if (a.output().isEmpty()) {
          problems.add(at + ".output: an agent step needs a JSON Schema for its final answer");
        }
        refs.require(at + ".next", a.next());
        refs.optional(at + ".onError", a.onError());
        checkFailure(a.onFailure(), a.onError(), at, problems);
      }
      case EndStep e -> {
        if (e.status() == null || !e.status().terminal()) {
          problems.add(at + ".status: expected completed, rejected, closed or failed");
        }
      }
    }
  }

  private static void checkFailure(
      FailurePolicy policy, String onError, String at, List<String> problems) {
    if (policy == null) {
      return;
    }
    if (policy.then() != null && onError != null) {
      problems.add(
          at + ".onFailure.then: give either onError (go to a step) or onFailure.then, not both");
    }
    RetrySpec retry = policy.retry();
    if (retry != null) {
      if (retry.initialInterval() != null) {
        duration(problems, at + ".onFailure.retry.initialInterval", retry.initialInterval());
      }
      if (retry.maxInterval() != null) {
        duration(problems, at + ".onFailure.retry.maxInterval", retry.maxInterval());
      }
      if (retry.maxAttempts() != null && retry.maxAttempts() < 1) {
        problems.add(at + ".onFailure.retry.maxAttempts: expected at least 1");
      }
      if (retry.backoff() != null && retry.backoff() < 1) {
        problems.add(at + ".onFailure.retry.backoff: expected a factor of at least 1");
      }
    }
    if (policy.then() == FailureOutcome.ALERT
        && policy.alert() != null
        && policy.alert().channel() != null) {
      channel(policy.alert().channel(), at + ".onFailure.alert.channel", problems);
    }
  }

  /** A notify or alert channel: one the connector catalog maps to a connector operation. */
  private static void channel(String channel, String at, List<String> problems) {
    Set<String> channels = new TreeSet<>(ConnectorCatalog.CHANNELS.keySet());
    if (channel == null || !channels.contains(channel)) {
      problems.add(
          at
              + ": expected "
              + String.join(" or ", channels)
              + ", got "
              + channel
              + NearestName.of(channel, channels)
                  .map(c -> "; did you mean '" + c + "'?")
                  .orElse(""));
    }
  }

  private static void duration(List<String> problems, String at, String value) {
    try {
      Duration.parse(value == null ? "" : value);
    } catch (DateTimeParseException e) {
      problems.add(at + ": expected an ISO-8601 duration such as PT24H or P2D, got " + value);
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
