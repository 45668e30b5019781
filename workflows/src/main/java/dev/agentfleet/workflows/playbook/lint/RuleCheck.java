package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.routing.CelReads;
import dev.agentfleet.workflows.routing.CelRules;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what rules and templates read. A route rule must compile as the run compiles it; an
 * agent's tool policy compiles with {@code tool} declared too. Every field a rule or a {@code
 * {{template}}} reads must exist (see {@link FieldReferences}): a misspelt field would otherwise
 * read as missing at run time, and a rule on it would quietly never match.
 */
final class RuleCheck {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  /** Subtrees that hold no templates: schemas, rules, classifier data. */
  private static final Set<String> NOT_TEMPLATES =
      Set.of("output", "parameters", "schema", "when", "examples", "labels", "kind", "id");

  private final FieldReferences references;
  private final Findings findings;

  private RuleCheck(FieldReferences references, Findings findings) {
    this.references = references;
    this.findings = findings;
  }

  static void check(JsonNode root, Findings findings) {
    RuleCheck check = new RuleCheck(FieldReferences.of(root), findings);
    JsonNode steps = root.path("steps");
    List<String> runFields = FieldReferences.RUN_FIELDS;
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String at = YamlPath.index("steps", i);
      String kind = step.path("kind").asText();
      if (kind.equals("route")) {
        check.rules(step.path("rules"), YamlPath.key(at, "rules"), false);
      } else if (kind.equals("agent")) {
        check.rules(step.path("policy"), YamlPath.key(at, "policy"), true);
      }
      check.templates(step, at, runFields);
    }
    List<String> atTheEnd = new ArrayList<>(runFields);
    atTheEnd.addAll(FieldReferences.RUN_END_FIELDS);
    check.templates(root.path("remember"), "remember", atTheEnd);
  }

  private void rules(JsonNode rules, String at, boolean policy) {
    for (int j = 0; j < rules.size(); j++) {
      JsonNode when = rules.get(j).path("when");
      String path = YamlPath.key(YamlPath.index(at, j), "when");
      if (!when.isTextual()) {
        continue; // missing or not text: the shape and the validator say so
      }
      Optional<String> error =
          policy
              ? CelRules.toolCallCompileError(when.asText())
              : CelRules.compileError(when.asText());
      if (error.isPresent()) {
        findings.at(path, "CEL does not compile: " + error.get());
        continue;
      }
      CelExpr expr;
      try {
        expr = CelRules.parse(when.asText());
      } catch (CelValidationException e) {
        continue;
      }
      for (List<String> chain : CelReads.chains(expr)) {
        references
            .check(chain, FieldReferences.RUN_FIELDS, policy)
            .ifPresent(problem -> findings.at(path, problem));
      }
    }
  }

  private void templates(JsonNode node, String path, List<String> runFields) {
    if (node.isTextual()) {
      Matcher placeholder = PLACEHOLDER.matcher(node.asText());
      while (placeholder.find()) {
        List<String> chain = List.of(placeholder.group(1).split("\\.", -1));
        references.check(chain, runFields, false).ifPresent(problem -> findings.at(path, problem));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        templates(node.get(i), YamlPath.index(path, i), runFields);
      }
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (!NOT_TEMPLATES.contains(field.getKey())) {
                  templates(field.getValue(), YamlPath.key(path, field.getKey()), runFields);
                }
              });
    }
  }
}
