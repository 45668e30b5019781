package dev.agentfleet.eval;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.cli.FleetContext;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * What {@code ./fleet eval ...} runs (the script dispatches the verb here, as it does {@code
 * bench}). {@link #run} runs the same command in-process with its own streams and environment, for
 * tests.
 */
public final class EvalMain {

  /** Set by the {@code fleet} script when stderr is a terminal, where the progress bar redraws. */
  public static final String STDERR_TERMINAL = "FLEET_STDERR_TTY";

  private EvalMain() {}

  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.OFF);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, System.in, out, err, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs {@code eval} with {@code args} (the words after {@code eval}).
   *
   * @return the exit code: 0 ok, 1 error, 2 usage, 3 some rows left out
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    boolean terminal = "1".equals(env.get(STDERR_TERMINAL));
    try (FleetContext context = new FleetContext(in, out, err, env, terminal)) {
      CommandLine line = new CommandLine(new EvalCommand(context));
      line.setCommandName("fleet eval");
      line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
      line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
      line.setParameterExceptionHandler(
          (e, a) -> {
            err.println("error: " + e.getMessage());
            err.println("see ./fleet eval --help");
            return EvalException.USAGE;
          });
      line.setExecutionExceptionHandler(
          (failure, command, parsed) -> {
            if (env.containsKey("FLEET_DEBUG")) {
              failure.printStackTrace(err);
            }
            if (failure instanceof EvalException e) {
              err.println("error: " + e.getMessage());
              return e.exitCode();
            }
            if (failure instanceof FleetException e) {
              err.println("error: " + e.getMessage());
              return e.exitCode();
            }
            err.println("error: " + failure + " (set FLEET_DEBUG=1 to see the stack trace)");
            return EvalException.ERROR;
          });
      return line.execute(args);
    }
  }
}
