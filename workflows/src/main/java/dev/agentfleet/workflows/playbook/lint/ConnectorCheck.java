package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import dev.agentfleet.workflows.connector.OperationSpec;
import dev.agentfleet.workflows.connector.OperationSpec.AnyOf;
import dev.agentfleet.workflows.connector.ParamSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checks every connector call in a playbook against the {@link ConnectorCatalog}: action steps and
 * their compensations, the action inside a map step, and agent tools. A connector, an operation or
 * a parameter the catalog does not know is refused with the nearest known name; a required
 * parameter that is missing is refused; a literal value of the wrong type is refused (a template,
 * {@code {{...}}}, fits every type: the run decides). An agent tool's parameters, when its JSON
 * Schema lists properties, must be parameters of its operation and offer the required ones.
 */
final class ConnectorCheck {

  private final Findings findings;

  private ConnectorCheck(Findings findings) {
    this.findings = findings;
  }

  /** Checks every connector call in the playbook's steps. */
  static void check(JsonNode playbook, Findings findings) {
    ConnectorCheck check = new ConnectorCheck(findings);
    JsonNode steps = playbook.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      check.step(steps.get(i), YamlPath.index("steps", i));
    }
  }

  private void step(JsonNode step, String at) {
    switch (step.path("kind").asText()) {
      case "action" -> {
        call(step, at);
        if (step.path("compensate").isObject()) {
          call(step.get("compensate"), YamlPath.key(at, "compensate"));
        }
      }
      case "map" -> {
        if (step.path("do").isObject()) {
          step(step.get("do"), YamlPath.key(at, "do"));
        }
      }
      case "agent" -> {
        JsonNode tools = step.path("tools");
        for (int j = 0; j < tools.size(); j++) {
          tool(tools.get(j), YamlPath.index(YamlPath.key(at, "tools"), j));
        }
      }
      default -> {}
    }
  }

  /** A call with {@code connector}, {@code operation} and {@code params} templates. */
  private void call(JsonNode call, String at) {
    Optional<Target> found = target(call, at);
    if (found.isEmpty()) {
      return;
    }
    Target target = found.get();
    String paramsAt = YamlPath.key(at, "params");
    JsonNode params = call.path("params");
    if (params.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> param = it.next();
        String paramAt = YamlPath.key(paramsAt, param.getKey());
        ParamSpec spec = target.operation().param(param.getKey());
        if (!target.operation().accepts(param.getKey())) {
          findings.atKey(paramAt, unknownParam(target, param.getKey()));
        } else if (spec != null && !spec.type().accepts(param.getValue())) {
          findings.at(
              paramAt,
              "expected "
                  + spec.type().noun()
                  + example(spec)
                  + " for "
                  + target
                  + ", got "
                  + ShapeCheck.describe(param.getValue()));
        }
      }
    }
    Predicate<String> given = name -> params.has(name) && !params.get(name).isNull();
    // An amount's currency is always required (OperationSpec makes sure), so this covers it too.
    missing(target, given, paramsAt, "");
  }

  /** An agent tool: a connector operation whose arguments the model writes. */
  private void tool(JsonNode tool, String at) {
    Optional<Target> found = target(tool, at);
    JsonNode properties = tool.path("parameters").path("properties");
    if (found.isEmpty() || !properties.isObject()) {
      return;
    }
    Target target = found.get();
    String propertiesAt = YamlPath.key(YamlPath.key(at, "parameters"), "properties");
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!target.operation().accepts(name)) {
        findings.atKey(YamlPath.key(propertiesAt, name), unknownParam(target, name));
      }
    }
    missing(
        target,
        properties::has,
        YamlPath.key(at, "parameters"),
        " (the tool's parameters must offer it, or the model cannot give it)");
  }

  /** The connector and operation a call names, or empty when either is unknown (and filed). */
  private Optional<Target> target(JsonNode call, String at) {
    JsonNode connector = call.path("connector");
    JsonNode operation = call.path("operation");
    if (!connector.isTextual() || connector.asText().isBlank()) {
      return Optional.empty();
    }
    Optional<ConnectorSpec> spec = ConnectorCatalog.find(connector.asText());
    if (spec.isEmpty()) {
      findings.at(
          YamlPath.key(at, "connector"), ConnectorCatalog.unknownConnector(connector.asText()));
      return Optional.empty();
    }
    if (!operation.isTextual() || operation.asText().isBlank()) {
      return Optional.empty();
    }
    Optional<OperationSpec> op = spec.get().find(operation.asText());
    if (op.isEmpty()) {
      findings.at(
          YamlPath.key(at, "operation"),
          ConnectorCatalog.unknownOperation(spec.get(), operation.asText()));
      return Optional.empty();
    }
    return Optional.of(new Target(spec.get(), op.get()));
  }

  /** Files each required parameter, and each group of which one is needed, that is not given. */
  private void missing(Target target, Predicate<String> given, String at, String note) {
    for (ParamSpec spec : target.operation().params()) {
      if (spec.required() && !given.test(spec.name())) {
        findings.at(
            at,
            target
                + " needs params."
                + spec.name()
                + ": "
                + spec.description()
                + example(spec)
                + note);
      }
    }
    for (AnyOf group : target.operation().anyOf()) {
      if (group.names().stream().noneMatch(given)) {
        List<String> names = group.names().stream().map(n -> "params." + n).toList();
        String choices =
            names.size() <= 2
                ? String.join(" or ", names)
                : "one of " + String.join(", ", group.names());
        findings.at(at, target + " needs " + choices + ": " + group.description() + note);
      }
    }
  }

  private static String unknownParam(Target target, String name) {
    return "unknown parameter '"
        + name
        + "' of "
        + target
        + ConnectorCatalog.hint(name, target.operation().paramNames(), target + " takes");
  }

  private static String example(ParamSpec spec) {
    return spec.example() == null ? "" : " (such as " + spec.example() + ")";
  }

  private record Target(ConnectorSpec connector, OperationSpec operation) {
    @Override
    public String toString() {
      return connector.name() + "." + operation.name();
    }
  }
}
