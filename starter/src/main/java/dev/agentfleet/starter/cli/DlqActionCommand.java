package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Answers a dead-lettered run with the {@code dlq} signal, as an operator, then reads the run's
 * state back to tell whether it moved on.
 */
abstract sealed class DlqActionCommand implements Callable<Integer>
    permits DlqActionCommand.Retry, DlqActionCommand.Skip, DlqActionCommand.Abort {

  private static final long ACK_TIMEOUT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 250;

  private final FleetContext context;

  /**
   * {@link DeadLetterAction#RETRY}, {@link DeadLetterAction#SKIP} or {@link
   * DeadLetterAction#ABORT}.
   */
  private final String action;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "the dead-lettered run")
  String workflowId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
  String reason;

  @Option(names = "--operator", paramLabel = "NAME", description = "who answers (default: $USER)")
  String operator;

  private DlqActionCommand(FleetContext context, String action) {
    this.context = context;
    this.action = action;
  }

  /** The signal this command sends, once its arguments are checked. */
  DeadLetterAction signal() {
    String who = operator != null ? operator : context.env().get("USER");
    if (who == null || who.isBlank()) {
      throw new FleetException(
          "say who answers: --operator NAME (USER is not set)", FleetCommand.USAGE);
    }
    return new DeadLetterAction(
        action, who.strip(), reason == null || reason.isBlank() ? null : reason.strip());
  }

  @Override
  public Integer call() {
    DeadLetterAction signal = signal();
    TemporalConnection temporal = context.connectedTemporal();
    RunQueries queries = new RunQueries(temporal);
    RunState before = queries.state(workflowId);
    if (before.status() != RunStatus.DEAD_LETTERED || before.deadLetter() == null) {
      throw new FleetException(
          "run "
              + workflowId
              + " is not dead-lettered (it is "
              + wireName(before)
              + ") — list the dead-lettered runs with ./fleet dlq");
    }
    try {
      temporal.client().newWorkflowStub(AgentWorkflow.class, workflowId).deadLetter(signal);
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send " + action + " to " + workflowId + ": " + temporal.explain(e));
    }
    RunState after = movedOn(queries, before.deadLetter());
    if (after == null) {
      context
          .err()
          .println(
              action
                  + " was sent but the run has not acted on it within 10 s — is a worker"
                  + " running? (./fleet up); check ./fleet status "
                  + workflowId);
      return 1;
    }
    context
        .out()
        .println(
            action
                + " sent to "
                + workflowId
                + " by "
                + signal.operator()
                + "; the run is now "
                + wireName(after)
                + (after.currentStep() == null ? "" : " at step " + after.currentStep()));
    return 0;
  }

  /** The run's state once it has left {@code parked}, or null when it has not within the wait. */
  private RunState movedOn(RunQueries queries, DeadLetter parked) {
    long deadline = System.currentTimeMillis() + ACK_TIMEOUT_MILLIS;
    RunState now = queries.state(workflowId);
    while (now.status() == RunStatus.DEAD_LETTERED && Objects.equals(now.deadLetter(), parked)) {
      if (System.currentTimeMillis() > deadline) {
        return null;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted");
      }
      now = queries.state(workflowId);
    }
    return now;
  }

  private static String wireName(RunState state) {
    return state.status() == null ? "unknown" : state.status().wireName();
  }

  @Command(name = "retry", description = "Run the failed step again (actions keep their key).")
  static final class Retry extends DlqActionCommand {
    Retry(FleetContext context) {
      super(context, DeadLetterAction.RETRY);
    }
  }

  @Command(name = "skip", description = "Record the failed step as skipped; go on at its next.")
  static final class Skip extends DlqActionCommand {
    Skip(FleetContext context) {
      super(context, DeadLetterAction.SKIP);
    }
  }

  @Command(name = "abort", description = "End the run failed.")
  static final class Abort extends DlqActionCommand {
    Abort(FleetContext context) {
      super(context, DeadLetterAction.ABORT);
    }
  }
}
