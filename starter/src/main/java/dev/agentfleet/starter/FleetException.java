package dev.agentfleet.starter;

/**
 * A failure the CLI reports as one line on stderr, saying what went wrong and what to do next, with
 * the exit code the command ends with.
 */
public class FleetException extends RuntimeException {

  /** Exit code for an error. */
  public static final int ERROR = 1;

  private final int exitCode;

  public FleetException(String message) {
    this(message, ERROR);
  }

  public FleetException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
