package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import dev.agentfleet.workflows.playbook.lint.PlaybookLinter;
import dev.agentfleet.workflows.playbook.lint.PlaybookYaml;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses playbook YAML into a validated {@link AgentDefinition}. Parsing is a pure function of the
 * text: callers read the file, so this stays free of I/O and usable from any plane.
 *
 * <p>Every problem names its line and column ({@code support.yaml:42:15: step 'triage'.rules[1]
 * .when: ...}): the linter checks syntax, shape, references, reachability, loops, rule and template
 * fields and the JSON Schema contracts; the validator checks the bound records.
 */
public final class PlaybookParser {

  private PlaybookParser() {}

  /**
   * Parses and validates a playbook.
   *
   * @param text the YAML text
   * @param source where the text came from, used in every message
   * @throws PlaybookException listing every problem found, each as {@code source:line:column: what
   *     is wrong}
   */
  public static Playbook parse(String text, String source) {
    LintResult result = check(text, source);
    if (!result.valid()) {
      throw new PlaybookException(source, result.messages());
    }
    return result.playbook();
  }

  /**
   * Checks a playbook and reports every problem with its place, or the parsed playbook when there
   * is none; never throws for a bad playbook.
   */
  public static LintResult check(String text, String source) {
    // A text over PlaybookYaml.MAX_CHARS is refused by the linter before any YAML reading.
    return check(text, source, null);
  }

  /**
   * Checks a playbook as {@link #check(String, String)} does, and also the data files its classify
   * steps take examples from, read through {@code dataFiles} (relative to the playbook's folder):
   * each is checked row by row and pinned in the definition by its SHA-256, which also enters the
   * playbook's version. Without a reader ({@code null}) data files are neither read nor pinned.
   */
  public static LintResult check(String text, String source, ExampleFiles.Reader dataFiles) {
    PlaybookLinter linter = PlaybookLinter.read(text);
    if (!linter.readable()) {
      return linter.result(source, null);
    }
    AgentDefinition definition = null;
    try {
      definition = PlaybookYaml.MAPPER.treeToValue(linter.tree(), AgentDefinition.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      if (e instanceof JsonProcessingException processing) {
        linter.bindingFailed(processing);
      }
    }
    if (definition == null) {
      return linter.result(source, null);
    }
    List<String> problems = new ArrayList<>();
    try {
      problems.addAll(PlaybookValidator.problems(definition, source));
    } catch (RuntimeException e) {
      problems.add(source + ": the playbook could not be validated: " + e);
    }
    String version = WorkflowIds.shortHash(text);
    if (dataFiles != null) {
      ExampleFiles.Resolved resolved = ExampleFiles.resolve(definition, source, dataFiles);
      definition = resolved.definition();
      problems.addAll(resolved.problems());
      if (!resolved.digest().isEmpty()) {
        version = WorkflowIds.shortHash(text + "\n" + resolved.digest());
      }
    }
    linter.validated(problems, source);
    String sha256 = WorkflowIds.sha256(text);
    return linter.result(source, new Playbook(definition, version, source, sha256));
  }

  /**
   * The result for a playbook file refused unread because it is {@code bytes} long, over {@link
   * PlaybookYaml#MAX_CHARS}: callers that read files check the size first with this, so a huge file
   * costs neither the time nor the memory of reading it.
   */
  public static LintResult tooLarge(long bytes, String source) {
    return PlaybookLinter.oversized(bytes).result(source, null);
  }

  /** True when a file of {@code bytes} bytes is over what a playbook may be. */
  public static boolean tooLarge(long bytes) {
    return bytes > PlaybookYaml.MAX_CHARS;
  }

  /**
   * Checks a definition that arrives already bound, as a run's input does, with every check that
   * needs no text: the validator's, references, reachability, rules and templates, contracts. A
   * bound definition always has a {@code maxSteps}, so loops are not checked here. For a worker
   * that must not run a definition a client other than the CLI built.
   *
   * @return each problem as {@code source: where: what is wrong}; empty when the definition can run
   */
  public static List<String> problems(AgentDefinition definition, String source) {
    List<String> problems = new ArrayList<>(PlaybookValidator.problems(definition, source));
    for (var problem : PlaybookLinter.checkBound(definition).problems()) {
      String message = source + ": " + problem.message();
      if (!problems.contains(message)) {
        problems.add(message);
      }
    }
    return problems;
  }
}
