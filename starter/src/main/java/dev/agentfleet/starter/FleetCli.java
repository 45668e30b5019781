package dev.agentfleet.starter;

import dev.agentfleet.starter.cli.FleetCommand;
import dev.agentfleet.starter.cli.FleetContext;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code fleet} command line. {@link #main} is what {@code ./fleet} runs; {@link #run} runs the
 * same CLI in-process with its own streams and environment, for tests and embedding.
 */
public final class FleetCli {

  private FleetCli() {}

  public static void main(String[] args) {
    // gRPC logs connection failures through java.util.logging; the CLI says it in one line.
    Logger.getLogger("").setLevel(Level.OFF);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, System.in, out, err, System.getenv(), onTerminal());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Whether stdout is a terminal. On JDK 22+ {@code System.console()} exists even when output is
   * redirected; {@code Console.isTerminal()} tells, and on JDK 21 a console means a terminal.
   */
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Runs the CLI in-process.
   *
   * @param env stands in for the process environment: {@code TEMPORAL_ADDRESS}, {@code
   *     TEMPORAL_NAMESPACE}, {@code FLEET_REPO}, {@code FLEET_HOME}, {@code FLEET_AGENTS_DIR},
   *     {@code FLEET_APPROVERS}, ... are read from here only
   * @return the exit code: 0 ok, 1 error, 2 usage, 3 some input lines rejected
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, System.in, out, err, env, false);
  }

  /** Runs the CLI in-process with its own stdin (for {@code run --input -}). */
  public static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal) {
    try (FleetContext context = new FleetContext(in, out, err, env, terminal)) {
      return FleetCommand.execute(args, context);
    }
  }
}
