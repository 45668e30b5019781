package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Answers a dead-lettered run as an operator, with the run's {@code dlq-answer} update, and prints
 * the run's answer from the same call: what it does now, or why it refused (exit code {@value
 * FleetCommand#REFUSED}). A run whose worker predates the update gets the {@code dlq} signal
 * instead and is read back until it moved on, as before. With {@code --all} (optionally narrowed by
 * {@code --agent} and {@code --step}) it answers every run the dead-letter queue lists, {@value
 * #IN_FLIGHT} at a time, and reports per run, so a few hundred runs parked by one outage take one
 * command.
 */
abstract sealed class DlqActionCommand implements Callable<Integer>
    permits DlqActionCommand.Retry, DlqActionCommand.Skip, DlqActionCommand.Abort {

  private static final long ACK_TIMEOUT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 250;
  private static final int MAX_RUNS = 10_000;

  /** How many runs {@code --all} asks at once. */
  private static final int IN_FLIGHT = 64;

  private static final String MOVED_ON = "moved-on";
  private static final String REFUSED = "refused";
  private static final String UNACKNOWLEDGED = "unacknowledged";

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
              + " (moved-on, refused, unacknowledged), via (update, or signal for a run whose"
              + " worker predates updates), status, step, message or reason}]; exit 1 when a run"
              + " has not answered, 5 when one refused")
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
    RunUpdates updates = RunUpdates.of(temporal, Duration.ofMillis(ACK_TIMEOUT_MILLIS));
    Outcome outcome =
        outcome(
            queries,
            workflowId,
            before.deadLetter(),
            updates.answerDeadLetter(workflowId, signal),
            deadline());
    report(outcome, signal);
    return json ? printJson(signal) : exitCode(List.of(outcome));
  }

  /**
   * Sends the answer to every listed run that matches, a batch of runs at a time, and reports how
   * each one took it.
   */
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
    RunUpdates updates = RunUpdates.of(temporal, Duration.ofMillis(ACK_TIMEOUT_MILLIS));
    List<String> ids = new ArrayList<>(parked.keySet());
    List<Outcome> outcomes = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_FLIGHT) {
      List<String> batch = ids.subList(from, Math.min(from + IN_FLIGHT, ids.size()));
      Map<String, CompletableFuture<RunUpdates.Answer>> calls = new LinkedHashMap<>();
      batch.forEach(id -> calls.put(id, updates.answerDeadLetterAsync(id, signal)));
      long deadline = deadline();
      calls.forEach(
          (id, call) ->
              outcomes.add(outcome(queries, id, parked.get(id), updates.await(call), deadline)));
    }
    outcomes.forEach(outcome -> report(outcome, signal));
    if (json) {
      return printJson(signal);
    }
    long accepted = outcomes.stream().filter(o -> o.outcome().equals(MOVED_ON)).count();
    long refused = outcomes.stream().filter(o -> o.outcome().equals(REFUSED)).count();
    long silent = outcomes.size() - accepted - refused;
    context
        .out()
        .println(
            action
                + " sent to "
                + dev.agentfleet.starter.Counts.of(parked.size(), "run")
                + "; "
                + accepted
                + " moved on"
                + (refused == 0 ? "" : ", " + refused + " refused")
                + (silent == 0
                    ? ""
                    : ", " + silent + " not yet — is a worker running? (./fleet up)"));
    return exitCode(outcomes);
  }

  /**
   * How one run took the answer.
   *
   * @param outcome {@value #MOVED_ON}, {@value #REFUSED} or {@value #UNACKNOWLEDGED}
   * @param via {@code update}, or {@code signal} for a run whose worker predates the update
   * @param message what the run said: what it does now, or why it refused
   */
  record Outcome(
      String workflowId, String outcome, String via, String status, String step, String message) {}

  /** How one run answered; a run that got the signal instead is read back until it moved on. */
  private Outcome outcome(
      RunQueries queries, String id, DeadLetter parked, RunUpdates.Answer answer, long deadline) {
    return switch (answer) {
      case RunUpdates.Accepted accepted ->
          new Outcome(
              id,
              MOVED_ON,
              "update",
              accepted.reply().status() == null ? null : accepted.reply().status().wireName(),
              accepted.reply().step(),
              accepted.reply().message());
      case RunUpdates.Refused refused ->
          new Outcome(
              id, REFUSED, "update", RunStatus.DEAD_LETTERED.wireName(), null, refused.reason());
      case RunUpdates.Unanswered unanswered ->
          new Outcome(
              id,
              UNACKNOWLEDGED,
              "update",
              RunStatus.DEAD_LETTERED.wireName(),
              null,
              "the run has not answered within " + unanswered.waited().toSeconds() + " s");
      case RunUpdates.SentAsSignal signal -> {
        RunState after = movedOn(queries, id, parked, deadline);
        yield after == null
            ? new Outcome(
                id,
                UNACKNOWLEDGED,
                "signal",
                RunStatus.DEAD_LETTERED.wireName(),
                null,
                "the run has not acted on the dlq signal within 10 s")
            : new Outcome(
                id,
                MOVED_ON,
                "signal",
                wireName(after),
                after.currentStep(),
                "sent the dlq signal");
      }
    };
  }

  /** Prints how one run took the answer, or keeps it for {@code --json}. */
  private void report(Outcome o, DeadLetterAction signal) {
    if (json) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("workflowId", o.workflowId());
      run.put("outcome", o.outcome());
      run.put("via", o.via());
      run.put("status", o.status());
      run.put("step", o.step());
      run.put(o.outcome().equals(MOVED_ON) ? "message" : "reason", o.message());
      answers.add(run);
      return;
    }
    String where =
        "; the run is now " + o.status() + (o.step() == null ? "" : " at step " + o.step());
    switch (o.outcome()) {
      case MOVED_ON ->
          context
              .out()
              .println(
                  o.via().equals("update")
                      ? "accepted: " + o.workflowId() + " " + o.message() + where
                      : action + " sent to " + o.workflowId() + " by " + signal.operator() + where);
      case REFUSED -> context.err().println(o.workflowId() + ": refused because " + o.message());
      default ->
          context
              .err()
              .println(
                  o.workflowId()
                      + ": "
                      + o.message()
                      + " — is a worker running? (./fleet up); check ./fleet status "
                      + o.workflowId());
    }
  }

  /** 1 when a run has not answered, else {@value FleetCommand#REFUSED} when one refused, else 0. */
  private static int exitCode(List<Outcome> outcomes) {
    if (outcomes.stream().anyMatch(o -> o.outcome().equals(UNACKNOWLEDGED))) {
      return FleetException.ERROR;
    }
    return outcomes.stream().anyMatch(o -> o.outcome().equals(REFUSED)) ? FleetCommand.REFUSED : 0;
  }

  private int printJson(DeadLetterAction signal) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("action", action);
    answer.put("operator", signal.operator());
    answer.put("reason", signal.reason());
    answer.put("runs", answers);
    context.printJson(answer);
    if (answers.stream().anyMatch(r -> UNACKNOWLEDGED.equals(r.get("outcome")))) {
      return FleetException.ERROR;
    }
    return answers.stream().anyMatch(r -> REFUSED.equals(r.get("outcome")))
        ? FleetCommand.REFUSED
        : 0;
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
