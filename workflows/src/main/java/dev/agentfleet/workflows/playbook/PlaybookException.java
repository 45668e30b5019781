package dev.agentfleet.workflows.playbook;

import java.util.List;

/** A playbook that cannot run, with every problem found, each naming its place. */
public class PlaybookException extends RuntimeException {

  private final List<String> problems;

  public PlaybookException(String source, List<String> problems) {
    super(problems.isEmpty() ? source : String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code source:line:column: what is wrong} or {@code source: where: what}. */
  public List<String> problems() {
    return problems;
  }
}
