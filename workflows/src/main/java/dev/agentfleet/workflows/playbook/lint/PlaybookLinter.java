package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.lint.YamlPositions.Duplicate;
import dev.agentfleet.workflows.playbook.lint.YamlPositions.Position;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds everything wrong with a playbook text, each problem at its line and column: YAML syntax,
 * the shape of the format, step references, reachability, unbounded loops, what rules and templates
 * read, the JSON Schema contracts, and the connector calls against the connector catalog. The
 * record validator's problems (checked on the bound definition by the playbook parser) are placed
 * in the file too.
 *
 * <p>Use: {@link #read}, then bind the tree to records and report a binding error with {@link
 * #bindingFailed} or the validator's problems with {@link #validated}, then {@link #result}.
 */
public final class PlaybookLinter {

  private final YamlPositions positions;
  private final JsonNode tree;
  private final Findings findings;
  private final List<Problem> fatal = new ArrayList<>();
  private final List<Problem> validator = new ArrayList<>();
  private final boolean shapeOk;

  private PlaybookLinter(String text) {
    if (text.length() > PlaybookYaml.MAX_CHARS) {
      // Refused before any YAML reading: the reader holds a value whole before its limits fire.
      positions = YamlPositions.read("");
      fatal.add(tooLarge(text.length() + " characters"));
      tree = null;
      findings = new Findings(null, positions);
      shapeOk = false;
      return;
    }
    positions = YamlPositions.read(text);
    JsonNode read = null;
    if (positions.syntaxError() != null) {
      fatal.add(positions.syntaxError());
    } else {
      try {
        read = PlaybookYaml.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        fatal.add(located(e, ""));
      }
      if (fatal.isEmpty() && (read == null || read.isMissingNode() || read.isNull())) {
        fatal.add(new Problem(1, 1, "", "the file is empty"));
      } else if (fatal.isEmpty() && !read.isObject()) {
        fatal.add(
            new Problem(
                1,
                1,
                "",
                "expected a playbook (a mapping with name, input and steps), got "
                    + ShapeCheck.describe(read)));
      }
    }
    tree = fatal.isEmpty() ? read : null;
    findings = new Findings(tree, positions);
    if (tree != null) {
      for (Duplicate duplicate : positions.duplicates()) {
        Position at = duplicate.at();
        findings.add(
            new Problem(
                at.line(),
                at.column(),
                duplicate.path(),
                findings.human(duplicate.path())
                    + ": given twice in the same mapping (lines "
                    + duplicate.firstLine()
                    + " and "
                    + at.line()
                    + "); a YAML reader keeps only the last, so keep one"));
      }
      int before = findings.problems().size();
      ShapeCheck.check(tree, AgentDefinition.class, findings);
      shapeOk = findings.problems().size() == before;
    } else {
      shapeOk = false;
    }
  }

  private PlaybookLinter(JsonNode bound) {
    positions = YamlPositions.read("");
    tree = bound;
    findings = new Findings(tree, positions);
    shapeOk = true;
  }

  /**
   * Checks a bound definition's graph, rules and contracts (not its loops: a bound definition
   * always has a {@code maxSteps}); the problems carry no line, there being no text.
   */
  public static LintResult checkBound(AgentDefinition definition) {
    PlaybookLinter linter = new PlaybookLinter(PlaybookYaml.MAPPER.valueToTree(definition));
    StepGraph graph = StepGraph.of(linter.tree);
    GraphCheck.check(graph, true, linter.findings);
    RuleCheck.check(linter.tree, linter.findings);
    SchemaCheck.check(linter.tree, linter.findings);
    ConnectorCheck.check(linter.tree, linter.findings);
    return new LintResult(definition.name(), null, graph, linter.findings.problems());
  }

  /**
   * A playbook file of {@code bytes} bytes, refused unread because it is over {@link
   * PlaybookYaml#MAX_CHARS}; callers check a file's size with this before reading it.
   */
  public static PlaybookLinter oversized(long bytes) {
    PlaybookLinter linter = new PlaybookLinter("");
    linter.fatal.clear();
    linter.fatal.add(tooLarge(bytes + " bytes"));
    return linter;
  }

  private static Problem tooLarge(String size) {
    return new Problem(
        1,
        1,
        "",
        "the playbook is "
            + size
            + ", over the "
            + PlaybookYaml.MAX_CHARS
            + " a playbook may have (1 MiB); it is refused unread: keep long texts (prompts,"
            + " examples) out of it, or split the agent");
  }

  /** Reads the text and checks its syntax and shape. */
  public static PlaybookLinter read(String text) {
    return new PlaybookLinter(text);
  }

  /** True when the text is a YAML mapping the rest of the checks can walk. */
  public boolean readable() {
    return tree != null;
  }

  /** The playbook as read, or null when it is not {@link #readable()}. */
  public JsonNode tree() {
    return tree;
  }

  /**
   * Files the error that stopped binding the text to records, unless the shape check already
   * explained it (Jackson stops at the first of the problems the shape check lists).
   */
  public void bindingFailed(JsonProcessingException e) {
    if (shapeOk) {
      String path = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
      fatal.add(located(e, path));
    }
  }

  /** Files the record validator's problems, each placed by the place it names. */
  public void validated(List<String> messages, String source) {
    for (String message : messages) {
      validator.add(ValidatorMessages.place(message, source, findings));
    }
  }

  /** Runs the graph, rule and contract checks and gives everything found. */
  public LintResult result(String source, Playbook bound) {
    StepGraph graph = StepGraph.of(tree);
    List<Problem> problems = new ArrayList<>(fatal);
    problems.addAll(validator);
    if (tree != null) {
      GraphCheck.check(graph, tree.has("maxSteps"), findings);
      RuleCheck.check(tree, findings);
      SchemaCheck.check(tree, findings);
      ConnectorCheck.check(tree, findings);
      Set<String> placed = new HashSet<>();
      validator.forEach(p -> placed.add(p.path()));
      Set<String> seen = new HashSet<>();
      for (Problem problem : findings.problems()) {
        if (!placed.contains(problem.path())
            && seen.add(problem.path() + "\n" + problem.message())) {
          problems.add(problem);
        }
      }
    }
    problems.sort(Problem.IN_FILE_ORDER);
    return new LintResult(source, problems.isEmpty() ? bound : null, graph, problems);
  }

  private Problem located(JsonProcessingException e, String path) {
    Position at;
    if (!path.isEmpty() && tree != null) {
      at = positions.valueAt(path);
    } else {
      JsonLocation location = e.getLocation();
      at =
          location == null || location.getLineNr() < 1
              ? new Position(1, 1)
              : new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
    String where = path.isEmpty() ? "" : (tree == null ? path : findings.human(path)) + ": ";
    return new Problem(at.line(), at.column(), path, where + e.getOriginalMessage());
  }

  private static String pathOf(JsonMappingException e) {
    String path = "";
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path = YamlPath.key(path, ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path = YamlPath.index(path, ref.getIndex());
      }
    }
    return path;
  }
}
