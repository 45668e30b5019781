package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet dlq}: the runs parked in the dead-letter queue, each with the step that failed for
 * good, its last error and since when; {@code retry}, {@code skip} and {@code abort} answer one.
 */
@Command(
    name = "dlq",
    description = {
      "List dead-lettered runs: the failed step, the error and since when.",
      "Answer one with: ./fleet dlq retry|skip|abort WORKFLOW_ID [--reason TEXT],",
      "or all of them: ./fleet dlq retry --all [--agent A] [--step S]"
    },
    subcommands = {
      DlqActionCommand.Retry.class,
      DlqActionCommand.Skip.class,
      DlqActionCommand.Abort.class
    })
final class DlqCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--json", description = "print the dead-lettered runs as JSON")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "show at most N (default: ${DEFAULT-VALUE})")
  int limit;

  DlqCommand(FleetContext context) {
    this.context = context;
  }

  /**
   * One dead-lettered run, exactly the fields of the JSON contract.
   *
   * @param since when the run was parked, ISO-8601; null when its state could not be read
   */
  record DeadLetteredRun(
      String workflowId,
      String agent,
      String step,
      String errorType,
      String message,
      String since) {}

  @Override
  public Integer call() {
    TemporalConnection temporal = context.connectedTemporal();
    RunQueries queries = new RunQueries(temporal);
    List<DeadLetteredRun> runs = new ArrayList<>();
    for (WorkflowExecutionMetadata execution :
        new RunLister(temporal)
            .executions(RunLister.query(null, RunStatus.DEAD_LETTERED), Math.max(1, limit))) {
      String workflowId = execution.getExecution().getWorkflowId();
      String agent = execution.getTypedSearchAttributes().get(FleetSearchAttributes.AGENT);
      try {
        RunState state = queries.state(workflowId);
        runs.add(row(workflowId, agent, state.deadLetter()));
      } catch (FleetException e) {
        runs.add(new DeadLetteredRun(workflowId, agent, null, null, e.getMessage(), null));
      }
    }
    if (json) {
      context.printJson(runs);
    } else {
      print(runs, context.out(), Instant.now());
    }
    return 0;
  }

  /** The row of one run from the dead letter its state holds (none: the run just moved on). */
  static DeadLetteredRun row(String workflowId, String agent, DeadLetter deadLetter) {
    if (deadLetter == null) {
      return new DeadLetteredRun(
          workflowId, agent, null, null, "no longer dead-lettered (answered just now?)", null);
    }
    return new DeadLetteredRun(
        workflowId,
        agent,
        deadLetter.stepId(),
        deadLetter.errorType(),
        deadLetter.message(),
        deadLetter.at() > 0 ? Instant.ofEpochMilli(deadLetter.at()).toString() : null);
  }

  /** The human form: a table, the longest parked first, and how to answer. */
  static void print(List<DeadLetteredRun> runs, PrintStream out, Instant now) {
    if (runs.isEmpty()) {
      out.println("no run is dead-lettered");
      return;
    }
    List<DeadLetteredRun> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> String.valueOf(a.since()).compareTo(String.valueOf(b.since())));
    TextTable table = new TextTable("WORKFLOW ID", "AGENT", "STEP", "ERROR", "SINCE");
    for (DeadLetteredRun run : sorted) {
      table.row(run.workflowId(), run.agent(), run.step(), error(run), since(run.since(), now));
    }
    table.print(out);
    out.println();
    out.println(
        "Answer: ./fleet dlq retry WORKFLOW_ID (run the step again) | skip (go on at its next)"
            + " | abort (end the run failed)   [--reason TEXT]");
    out.println("        details first: ./fleet status WORKFLOW_ID");
  }

  private static String error(DeadLetteredRun run) {
    if (run.errorType() == null) {
      return run.message();
    }
    return run.message() == null ? run.errorType() : run.errorType() + ": " + run.message();
  }

  static String since(String at, Instant now) {
    if (at == null) {
      return null;
    }
    long seconds = Math.max(0, now.getEpochSecond() - Instant.parse(at).getEpochSecond());
    return at + " (" + PendingCommand.waited(seconds) + " ago)";
  }
}
