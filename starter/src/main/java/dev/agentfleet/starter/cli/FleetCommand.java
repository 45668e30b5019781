package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.admin.AdminCommand;
import dev.agentfleet.starter.approvers.ApproversException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code fleet} command and its verbs. Exit codes: 0 ok, 1 error, 2 usage, 3 some input lines
 * rejected, 4 the audit log is broken, 5 a run refused a decision or answer (and said why). Every
 * error is one line on stderr that says what to do next, never a stack trace (unless {@code
 * FLEET_DEBUG} is set).
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    version = "Agent Fleet 0.1.0",
    description = "Durable AI agent runs on Temporal: start, follow, approve.",
    footer = {
      "",
      "  ./fleet test   runs both test suites (handled by the script)",
      "  ./fleet eval AGENT --labelled FILE | --from-decisions",
      "                 measures an agent's decision quality: accuracy, calibration",
      "                 (ECE), risk-coverage, automatic actions (./fleet eval --help)",
      "  ./fleet help VERB, ./fleet VERB --help   a verb's usage, options and examples",
      "",
      "Temporal: TEMPORAL_ADDRESS (default 127.0.0.1:7233), TEMPORAL_NAMESPACE,",
      "  TEMPORAL_PROFILE and the other standard Temporal client settings.",
      "Exit codes: 0 ok, 1 failed, 2 usage (a command line that does not parse),",
      "  3 some input rejected (the valid rest went on), 4 integrity broken (audit verify),",
      "  5 refused (a run turned down a decision, answer or event; the reason is printed)."
    })
public final class FleetCommand implements Callable<Integer> {

  /** Exit code for a command line that does not parse. */
  public static final int USAGE = 2;

  /**
   * Exit code for a decision, dead-letter answer or event the run refused; the reason is printed.
   */
  public static final int REFUSED = 5;

  private final FleetContext context;

  @Spec CommandSpec spec;

  FleetCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return USAGE;
  }

  /**
   * The verbs, in the order the help lists them. They are added by {@link
   * #commandLine(FleetContext, Collection)} rather than named in the annotation, so that a call
   * naming one verb builds only that verb's part of the tree: picocli reads every command's
   * annotations when it builds one, and its own classes (an old class-file version) cannot go into
   * the CLI's class cache, so the whole tree took a fifth of a {@code ./fleet pending}.
   */
  static final Map<String, Class<?>> VERBS = verbs();

  private static Map<String, Class<?>> verbs() {
    Map<String, Class<?>> verbs = new LinkedHashMap<>();
    for (Class<?> type :
        List.<Class<?>>of(
            UpCommand.class,
            DownCommand.class,
            ClusterCommand.class,
            DemoCommand.class,
            RunCommand.class,
            BatchCommand.class,
            RunsCommand.class,
            StatusCommand.class,
            PendingCommand.class,
            ApproveCommand.class,
            RejectCommand.class,
            LedgerCommand.class,
            CostCommand.class,
            AuditCommand.class,
            SandboxCommand.class,
            AgentsCommand.class,
            DlqCommand.class,
            SignalCommand.class,
            ReplayCommand.class,
            StatsCommand.class,
            CompletionCommand.class,
            WatchCommand.class,
            ResetCommand.class,
            AdminCommand.class)) {
      verbs.put(type.getAnnotation(Command.class).name(), type);
    }
    return Collections.unmodifiableMap(verbs);
  }

  /** Parses {@code args}, runs the chosen verb in {@code context} and returns its exit code. */
  public static int execute(String[] args, FleetContext context) {
    CommandLine line = commandLine(context, verbsFor(args));
    line.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
    line.setParameterExceptionHandler(FleetCommand::usageError);
    line.setExecutionExceptionHandler((failure, command, parsed) -> report(failure, context));
    return line.execute(args);
  }

  /** The whole command tree, with the help every verb shares, bound to {@code context}. */
  static CommandLine commandLine(FleetContext context) {
    return commandLine(context, VERBS.keySet());
  }

  /** The tree with only {@code verbs} under the root (and the help every verb shares). */
  static CommandLine commandLine(FleetContext context, Collection<String> verbs) {
    Factory factory = new Factory(context);
    CommandLine line = new CommandLine(new FleetCommand(context), factory);
    for (String verb : verbs) {
      line.addSubcommand(verb, new CommandLine(VERBS.get(verb), factory));
    }
    CliHelp.apply(line);
    return line;
  }

  /**
   * The verbs a command line needs: the one it names first, or all of them when it names none (the
   * root's help lists them, {@code help} and {@code completion} read them, and a mistyped verb is
   * answered with the ones that exist); none for {@code --version}.
   */
  static Collection<String> verbsFor(String[] args) {
    if (args.length > 0 && VERBS.containsKey(args[0]) && !args[0].equals("completion")) {
      return List.of(args[0]);
    }
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    return VERBS.keySet();
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    err.println("see ./" + command.getCommandSpec().qualifiedName(" ") + " --help");
    return USAGE;
  }

  private static int report(Exception failure, FleetContext context) {
    if (context.env().containsKey("FLEET_DEBUG")) {
      failure.printStackTrace(context.err());
    }
    if (failure instanceof FleetException fleet) {
      context.err().println("error: " + fleet.getMessage());
      return fleet.exitCode();
    }
    if (failure instanceof ApproversException || failure instanceof LedgerException) {
      context.err().println("error: " + failure.getMessage());
      return FleetException.ERROR;
    }
    String where;
    try {
      where = context.temporal().explain(failure);
    } catch (RuntimeException e) {
      where = String.valueOf(failure);
    }
    context.err().println("error: " + where + " (set FLEET_DEBUG=1 to see the stack trace)");
    return FleetException.ERROR;
  }

  /** Creates the verbs with the context they share; other classes the usual way. */
  private record Factory(FleetContext context) implements IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(FleetContext.class);
        constructor.setAccessible(true);
        return constructor.newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
