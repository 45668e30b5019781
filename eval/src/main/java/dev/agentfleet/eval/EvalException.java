package dev.agentfleet.eval;

/**
 * A problem that stops an evaluation before it starts (a missing file or column, an agent without a
 * classification step), with a message that says what to do; the CLI prints it as one line.
 */
public final class EvalException extends RuntimeException {

  /** Exit code of an evaluation that could not run. */
  public static final int ERROR = 1;

  /** Exit code of a command line that does not parse or names an impossible option. */
  public static final int USAGE = 2;

  private final int exitCode;

  public EvalException(String message) {
    this(message, ERROR);
  }

  public EvalException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
