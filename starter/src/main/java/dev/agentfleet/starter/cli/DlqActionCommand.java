package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Answers a dead-lettered run with the {@code dlq} signal, as an operator, then reads the run's
 * state back to tell whether it moved on. With {@code --all} (optionally narrowed by {@code
 * --agent} and {@code --step}) it answers every run the dead-letter queue lists: the signals go out
 * first, then each run is read back, so a few hundred runs parked by one outage take one command.
 */
abstract sealed class DlqActionCommand implements Callable<Integer>
    permits DlqActionCommand.Retry, DlqActionCommand.Skip, DlqActionCommand.Abort {

  private static final long ACK_TIMEOUT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 250;
  private static final int MAX_RUNS = 10_000;

  private final FleetContext context;

  /**
   * {@link DeadLetterAction#RETRY}, {@link DeadLetterAction#SKIP} or {@link
   * DeadLetterAction#ABORT}.
   */
  private final String action;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "WORKFLOW_ID",
      description = "the dead-lettered run (or --all)")
  String workflowId;

  @Option(names = "--all", description = "every dead-lettered run (narrow with --agent, --step)")
  boolean all;

  @Option(names = "--agent", paramLabel = "AGENT", description = "with --all: only this agent's")
  String agent;

  @Option(names = "--step", paramLabel = "STEP", description = "with --all: only parked at STEP")
  String step;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
  String reason;

  @Option(names = "--operator", paramLabel = "NAME", description = "who answers (default: $USER)")
  String operator;

  @Option(
      names = "--json",
      description =
          "print the answer as JSON: action, operator, reason, runs [{workflowId, outcome"
              + " (moved-on, unacknowledged), status, step}]; exit 1 when a run has not moved on")
  boolean json;

  /** What each answered run did, for {@code --json}. */
  private final List<Map<String, Object>> answers = new ArrayList<>();

  private DlqActionCommand(FleetContext context, String action) {
    this.context = context;
    this.action = action;
  }

  /** The signal this command sends, once its arguments are checked. */
  DeadLetterAction signal() {
    if ((workflowId == null) == !all) {
      throw new FleetException(
          "name one dead-lettered run (WORKFLOW_ID) or answer them all with --all",
          FleetCommand.USAGE);
    }
    if (!all && (agent != null || step != null)) {
      throw new FleetException("--agent and --step narrow --all only", FleetCommand.USAGE);
    }
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
    return all ? answerAll(temporal, queries, signal) : answerOne(temporal, queries, signal);
  }

  private int answerOne(TemporalConnection temporal, RunQueries queries, DeadLetterAction signal) {
    RunState before = queries.state(workflowId);
    if (before.status() != RunStatus.DEAD_LETTERED || before.deadLetter() == null) {
      throw new FleetException(
          "run "
              + workflowId
              + " is not dead-lettered (it is "
              + wireName(before)
              + ") — list the dead-lettered runs with ./fleet dlq");
    }
    send(temporal, workflowId, signal);
    RunState after = movedOn(queries, workflowId, before.deadLetter(), deadline());
    if (json) {
      note(workflowId, after);
      return printJson(signal);
    }
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
    context.out().println(answered(workflowId, signal, after));
    return 0;
  }

  /** Sends the answer to every listed run that matches, then reads each one back. */
  private int answerAll(TemporalConnection temporal, RunQueries queries, DeadLetterAction signal) {
    Map<String, DeadLetter> parked = new LinkedHashMap<>();
    for (WorkflowExecutionMetadata execution :
        new RunLister(temporal)
            .executions(RunLister.query(agent, RunStatus.DEAD_LETTERED), MAX_RUNS)) {
      String id = execution.getExecution().getWorkflowId();
      RunState state = queries.state(id);
      DeadLetter letter = state.deadLetter();
      if (state.status() == RunStatus.DEAD_LETTERED
          && letter != null
          && (step == null || step.equals(letter.stepId()))) {
        parked.put(id, letter);
      }
    }
    if (parked.isEmpty() && json) {
      return printJson(signal);
    }
    if (parked.isEmpty()) {
      context
          .out()
          .println(
              "no dead-lettered run"
                  + (agent == null ? "" : " of " + agent)
                  + (step == null ? "" : " at step " + step)
                  + "; nothing sent");
      return 0;
    }
    parked.keySet().forEach(id -> send(temporal, id, signal));
    long deadline = deadline();
    int stuck = 0;
    for (Map.Entry<String, DeadLetter> run : parked.entrySet()) {
      RunState after = movedOn(queries, run.getKey(), run.getValue(), deadline);
      if (json) {
        note(run.getKey(), after);
        continue;
      }
      if (after == null) {
        stuck++;
        context.err().println(run.getKey() + ": has not acted on " + action + " within 10 s");
      } else {
        context.out().println(answered(run.getKey(), signal, after));
      }
    }
    if (json) {
      return printJson(signal);
    }
    context
        .out()
        .println(
            action
                + " sent to "
                + dev.agentfleet.starter.Counts.of(parked.size(), "run")
                + "; "
                + (parked.size() - stuck)
                + " moved on"
                + (stuck == 0
                    ? ""
                    : ", " + stuck + " not yet — is a worker running? (./fleet up)"));
    return stuck == 0 ? 0 : 1;
  }

  /** Notes how one run took the answer, for {@code --json}. */
  private void note(String id, RunState after) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("workflowId", id);
    run.put("outcome", after == null ? "unacknowledged" : "moved-on");
    run.put("status", after == null ? RunStatus.DEAD_LETTERED.wireName() : wireName(after));
    run.put("step", after == null ? null : after.currentStep());
    answers.add(run);
  }

  private int printJson(DeadLetterAction signal) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("action", action);
    answer.put("operator", signal.operator());
    answer.put("reason", signal.reason());
    answer.put("runs", answers);
    context.printJson(answer);
    return answers.stream().anyMatch(r -> "unacknowledged".equals(r.get("outcome"))) ? 1 : 0;
  }

  private void send(TemporalConnection temporal, String id, DeadLetterAction signal) {
    try {
      temporal.client().newWorkflowStub(AgentWorkflow.class, id).deadLetter(signal);
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send " + action + " to " + id + ": " + temporal.explain(e));
    }
  }

  private String answered(String id, DeadLetterAction signal, RunState after) {
    return action
        + " sent to "
        + id
        + " by "
        + signal.operator()
        + "; the run is now "
        + wireName(after)
        + (after.currentStep() == null ? "" : " at step " + after.currentStep());
  }

  private static long deadline() {
    return System.currentTimeMillis() + ACK_TIMEOUT_MILLIS;
  }

  /**
   * The run's state once it has left {@code parked}, or null when it has not by {@code deadline}.
   */
  private static RunState movedOn(RunQueries queries, String id, DeadLetter parked, long deadline) {
    RunState now = queries.state(id);
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
      now = queries.state(id);
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
