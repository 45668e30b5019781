package dev.agentfleet.workflows.playbook.lint;

import java.util.Comparator;

/**
 * One thing wrong with a playbook, at the place in the file where a person fixes it.
 *
 * @param line the 1-based line of the offending value (or key, for a field that should not be
 *     there; or the enclosing mapping, for a field that is missing)
 * @param column the 1-based column on that line
 * @param path where in the playbook, as {@code steps[3].rules[1].when}; empty for the whole file
 * @param message what is wrong, starting with the place in words ({@code step 'triage'.rules[1]
 *     .when: ...}), so the message reads on its own
 */
public record Problem(int line, int column, String path, String message) {

  /** File order: by line, then column, then message. */
  public static final Comparator<Problem> IN_FILE_ORDER =
      Comparator.comparingInt(Problem::line)
          .thenComparingInt(Problem::column)
          .thenComparing(Problem::message);

  /** The problem as a compiler prints it: {@code source:line:column: message}. */
  public String text(String source) {
    return source + ":" + line + ":" + column + ": " + message;
  }
}
