package dev.agentfleet.workflows.playbook.lint;

import dev.agentfleet.workflows.playbook.Playbook;
import java.util.List;

/**
 * What checking a playbook found.
 *
 * @param source where the text came from (a file path), for messages
 * @param playbook the parsed playbook when it has no problem; null otherwise
 * @param graph the step graph as written, also for a playbook with problems (empty when the text is
 *     not a playbook at all)
 * @param problems every problem, in file order
 */
public record LintResult(
    String source, Playbook playbook, StepGraph graph, List<Problem> problems) {

  public LintResult {
    problems = List.copyOf(problems);
  }

  /** True when the playbook can run. */
  public boolean valid() {
    return problems.isEmpty() && playbook != null;
  }

  /** Every problem as {@code source:line:column: message}. */
  public List<String> messages() {
    return problems.stream().map(p -> p.text(source)).toList();
  }
}
