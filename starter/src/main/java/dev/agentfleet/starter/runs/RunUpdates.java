package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunEvent;
import dev.agentfleet.workflows.run.RunReply;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends what a person tells a run (a decision, a dead-letter answer, an event) as the run's update
 * and hands back its answer from the same call: {@link Accepted} with what it led to, or {@link
 * Refused} with the reason the run gave. A run whose worker predates the updates (its workflow code
 * has no handler, so the update is rejected as unknown) gets the signal instead, as before, and the
 * answer says so ({@link SentAsSignal}); the caller then reads the run's state back as it used to.
 * A run that does not answer in time (no worker polls) is {@link Unanswered}: the update may still
 * be taken once a worker polls.
 */
public final class RunUpdates {

  /** What the SDK's rejection of an update the workflow code has no handler for starts with. */
  static final String UNKNOWN_UPDATE = "Unknown update name";

  /** How the run answered. */
  public sealed interface Answer {}

  /** The run took it; {@code reply} says what that led to and where the run is now. */
  public record Accepted(RunReply reply) implements Answer {}

  /** The run refused it, for {@code reason}; nothing changed in the run. */
  public record Refused(String reason) implements Answer {}

  /** The run's worker predates the update: the signal was sent instead, unanswered. */
  public record SentAsSignal(String signal) implements Answer {}

  /** The run did not answer within the timeout (no worker?). */
  public record Unanswered(Duration waited) implements Answer {}

  private final WorkflowClient client;
  private final Function<Throwable, String> explain;
  private final Duration timeout;
  private final Executor executor;

  /**
   * @param explain says in a sentence why a call to Temporal failed
   * @param timeout how long to wait for a run's answer
   * @param executor runs each call (it blocks until the run answers)
   */
  RunUpdates(
      WorkflowClient client,
      Function<Throwable, String> explain,
      Duration timeout,
      Executor executor) {
    this.client = client;
    this.explain = explain;
    this.timeout = timeout;
    this.executor = executor;
  }

  /** Updates on {@code temporal}'s client, each call on a virtual thread. */
  public static RunUpdates of(TemporalConnection temporal, Duration timeout) {
    return new RunUpdates(
        temporal.client(), temporal::explain, timeout, r -> Thread.ofVirtual().start(r));
  }

  /** Sends a signed decision as the {@value AgentWorkflow#DECISION} update. */
  public Answer decide(String workflowId, ApprovalDecision decision) {
    return send(workflowId, run -> run.decision(decision), run -> run.decide(decision), "decide");
  }

  /** Sends an operator's answer as the {@value AgentWorkflow#DLQ_ANSWER} update. */
  public Answer answerDeadLetter(String workflowId, DeadLetterAction action) {
    return await(answerDeadLetterAsync(workflowId, action));
  }

  /**
   * Starts sending an operator's answer, for a caller that answers many runs at once; {@link
   * #await} gives the answer.
   */
  public CompletableFuture<Answer> answerDeadLetterAsync(
      String workflowId, DeadLetterAction action) {
    return sendAsync(
        workflowId, run -> run.dlqAnswer(action), run -> run.deadLetter(action), "dlq");
  }

  /** Sends an outside event as the {@value AgentWorkflow#EVENT} update. */
  public Answer deliverEvent(String workflowId, RunEvent event) {
    return send(workflowId, run -> run.deliverEvent(event), run -> run.event(event), "event");
  }

  private Answer send(
      String workflowId,
      Function<AgentWorkflow, RunReply> update,
      Consumer<AgentWorkflow> signal,
      String signalName) {
    return await(sendAsync(workflowId, update, signal, signalName));
  }

  private CompletableFuture<Answer> sendAsync(
      String workflowId,
      Function<AgentWorkflow, RunReply> update,
      Consumer<AgentWorkflow> signal,
      String signalName) {
    AgentWorkflow run = client.newWorkflowStub(AgentWorkflow.class, workflowId);
    return CompletableFuture.supplyAsync(
        () -> answer(workflowId, run, update, signal, signalName), executor);
  }

  /** The answer of a call {@link #answerDeadLetterAsync} started, waiting at most the timeout. */
  public Answer await(CompletableFuture<Answer> call) {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Unanswered(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Answer answer(
      String workflowId,
      AgentWorkflow run,
      Function<AgentWorkflow, RunReply> update,
      Consumer<AgentWorkflow> signal,
      String signalName) {
    try {
      RunReply reply = update.apply(run);
      return reply.accepted() ? new Accepted(reply) : new Refused(reply.message());
    } catch (WorkflowUpdateException e) {
      String reason = reason(e);
      if (reason.startsWith(UNKNOWN_UPDATE)) {
        return sendSignal(workflowId, run, signal, signalName);
      }
      return new Refused(reason);
    } catch (WorkflowNotFoundException e) {
      throw new FleetException(
          "no running run with id '"
              + workflowId
              + "' (it does not exist or has ended) — see ./fleet runs");
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send " + signalName + " to " + workflowId + ": " + explain.apply(e));
    }
  }

  private Answer sendSignal(
      String workflowId, AgentWorkflow run, Consumer<AgentWorkflow> signal, String signalName) {
    try {
      signal.accept(run);
      return new SentAsSignal(signalName);
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send the "
              + signalName
              + " signal to "
              + workflowId
              + ": "
              + explain.apply(e));
    }
  }

  /** The reason the run's validator gave: the original message of the update's failure. */
  static String reason(WorkflowUpdateException e) {
    if (e.getCause() instanceof ApplicationFailure failure) {
      return failure.getOriginalMessage();
    }
    return e.getCause() == null ? String.valueOf(e.getMessage()) : e.getCause().getMessage();
  }
}
