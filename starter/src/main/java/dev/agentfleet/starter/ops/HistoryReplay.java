package dev.agentfleet.starter.ops;

import dev.agentfleet.workflows.batch.BatchWorkflowImpl;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.WarmUp;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;

/**
 * Replays a recorded workflow history against the workflow code on the classpath, the same check
 * Temporal's replay tests make: a deploy is safe for runs in flight when their histories replay.
 * The replay runs in an in-memory test environment; it needs no server and calls no activity.
 */
public final class HistoryReplay {

  /** The workflow implementations a fleet worker registers; the history's type picks one. */
  static final List<Class<?>> WORKFLOWS = List.of(AgentWorkflowImpl.class, BatchWorkflowImpl.class);

  private final DataConverter converter;

  /** Replays with {@code converter}, which must decode the payloads as the worker wrote them. */
  public HistoryReplay(DataConverter converter) {
    this.converter = converter == null ? DefaultDataConverter.STANDARD_INSTANCE : converter;
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
      Class<?>[] more = WORKFLOWS.subList(1, WORKFLOWS.size()).toArray(Class<?>[]::new);
      WorkflowReplayer.replayWorkflowExecution(history, environment, WORKFLOWS.get(0), more);
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
