package dev.agentfleet.starter.ops;

import dev.agentfleet.workflows.batch.BatchWorkflowImpl;
import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WarmUp;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;

/**
 * Replays a recorded workflow history against the workflow code on the classpath, the same check
 * Temporal's replay tests make: a deploy is safe for runs in flight when their histories replay.
 * The replay runs in an in-memory test environment; it needs no server and calls no activity.
 */
public final class HistoryReplay {

  private final DataConverter converter;
  private final DefinitionLibrary definitions;

  /**
   * Replays with {@code converter}, which must decode the payloads as the worker wrote them; a run
   * that names its definition by hash reads it from {@code definitions} (the agents folder), as a
   * worker reads it from what it trusts.
   */
  public HistoryReplay(DataConverter converter, DefinitionLibrary definitions) {
    this.converter = converter == null ? DefaultDataConverter.STANDARD_INSTANCE : converter;
    this.definitions = definitions;
  }

  /**
   * The outcome of one replay.
   *
   * @param workflowType the history's workflow type
   * @param events how many events the history holds
   * @param divergence the first non-determinism, as the SDK reports it; null when the replay is
   *     clean
   */
  public record Result(String workflowType, int events, String divergence) {
    public boolean clean() {
      return divergence == null;
    }
  }

  /** Replays {@code history}; a divergence is a result, never an exception. */
  public Result replay(WorkflowExecutionHistory history) {
    String type =
        history
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getWorkflowType()
            .getName();
    int events = history.getEvents().size();
    // Class loading on a cold JVM can exceed the replayer's deadlock detector.
    WarmUp.run();
    TestEnvironmentOptions options =
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
            .build();
    try (TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(options)) {
      // as the fleet's worker registers them
      Worker worker = environment.newWorker(TaskQueues.AGENTS);
      worker.registerWorkflowImplementationTypes(BatchWorkflowImpl.class);
      worker.registerWorkflowImplementationFactory(
          AgentWorkflow.class, () -> new AgentWorkflowImpl(definitions));
      WorkflowReplayer.replayWorkflowExecution(history, worker);
      return new Result(type, events, null);
    } catch (Exception | Error e) {
      return new Result(type, events, divergence(e));
    }
  }

  /** The innermost message that names the divergence, or the outermost one. */
  static String divergence(Throwable failure) {
    String first = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      if (first == null) {
        first = message;
      }
      int at = message.indexOf("[TMPRL1100]");
      if (at >= 0) {
        return oneParagraph(withoutTrace(message.substring(at)));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return oneParagraph(first == null ? failure.getClass().getName() : first);
  }

  /** The message without the stack trace and the SDK's internal event counters it may embed. */
  private static String withoutTrace(String message) {
    String text = message.split("\\R\\s*at |\\s\\{WorkflowTaskStartedEventId=", 2)[0];
    return text.split("\\s+at io\\.temporal\\.", 2)[0];
  }

  private static String oneParagraph(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
