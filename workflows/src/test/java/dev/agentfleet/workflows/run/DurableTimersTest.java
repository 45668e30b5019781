package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The summarized timers on the in-process test server: their summaries reach the history, a wait
 * whose condition holds cancels its timer as the SDK's own await does, and histories recorded with
 * the SDK's sleep and await (before this change) still replay on the new code.
 */
class DurableTimersTest {

  private static final String QUEUE = "durable-timers-test";

  /** A wait for a signal with a deadline, then a plain sleep; answers whether the signal came. */
  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod(name = "DurableTimersWaiter")
    boolean waitFor(long deadlineSeconds);

    @SignalMethod
    void arrive();
  }

  /** The code as it is now: summarized timers. */
  public static class SummarizedWaiter implements Waiter {
    private boolean arrived;

    @Override
    public boolean waitFor(long deadlineSeconds) {
      boolean held =
          DurableTimers.await(
              Duration.ofSeconds(deadlineSeconds), "deadline of the test wait", () -> arrived);
      DurableTimers.sleep(Duration.ofSeconds(1), "pause after the test wait");
      return held;
    }

    @Override
    public void arrive() {
      arrived = true;
    }
  }

  /** The code as it was before: the SDK's await and sleep, without summaries. */
  public static class PlainWaiter implements Waiter {
    private boolean arrived;

    @Override
    public boolean waitFor(long deadlineSeconds) {
      boolean held = Workflow.await(Duration.ofSeconds(deadlineSeconds), () -> arrived);
      Workflow.sleep(Duration.ofSeconds(1));
      return held;
    }

    @Override
    public void arrive() {
      arrived = true;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private void register(Class<? extends Waiter> implementation) {
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(implementation);
    env.start();
  }

  private Waiter begin(String id) {
    Waiter waiter =
        client.newWorkflowStub(
            Waiter.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    WorkflowClient.start(waiter::waitFor, 60L);
    return waiter;
  }

  private static List<HistoryEvent> events(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().filter(e -> e.getEventType() == type).toList();
  }

  private static String summary(HistoryEvent started) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        started.getUserMetadata().getSummary(), String.class, String.class);
  }

  @Test
  void a_deadline_that_passes_fires_a_timer_that_says_what_it_waits_for() {
    register(SummarizedWaiter.class);
    begin("timed-out");

    boolean arrived = client.newUntypedWorkflowStub("timed-out").getResult(Boolean.class);

    assertThat(arrived).isFalse();
    WorkflowExecutionHistory history = client.fetchHistory("timed-out");
    List<HistoryEvent> started = events(history, EventType.EVENT_TYPE_TIMER_STARTED);
    assertThat(started)
        .extracting(DurableTimersTest::summary)
        .containsExactly("deadline of the test wait", "pause after the test wait");
    assertThat(events(history, EventType.EVENT_TYPE_TIMER_FIRED)).hasSize(2);
    assertThat(events(history, EventType.EVENT_TYPE_TIMER_CANCELED)).isEmpty();
  }

  @Test
  void a_condition_that_holds_first_cancels_the_timer_and_the_run_replays() throws Exception {
    register(SummarizedWaiter.class);
    Waiter waiter = begin("arrived");
    env.sleep(Duration.ofSeconds(5));
    waiter.arrive();

    boolean arrived = client.newUntypedWorkflowStub("arrived").getResult(Boolean.class);

    assertThat(arrived).isTrue();
    WorkflowExecutionHistory history = client.fetchHistory("arrived");
    assertThat(events(history, EventType.EVENT_TYPE_TIMER_CANCELED)).hasSize(1);
    assertThat(events(history, EventType.EVENT_TYPE_MARKER_RECORDED)).hasSize(1);
    WorkflowReplayer.replayWorkflowExecution(history, SummarizedWaiter.class);
  }

  @Test
  void histories_recorded_with_the_sdks_await_and_sleep_replay_on_the_summarized_timers()
      throws Exception {
    register(PlainWaiter.class);
    Waiter early = begin("plain-arrived");
    begin("plain-timed-out");
    env.sleep(Duration.ofSeconds(5));
    early.arrive();
    client.newUntypedWorkflowStub("plain-arrived").getResult(Boolean.class);
    client.newUntypedWorkflowStub("plain-timed-out").getResult(Boolean.class);

    for (String id : List.of("plain-arrived", "plain-timed-out")) {
      WorkflowExecutionHistory history = client.fetchHistory(id);
      assertThat(events(history, EventType.EVENT_TYPE_MARKER_RECORDED)).isEmpty();
      WorkflowReplayer.replayWorkflowExecution(history, SummarizedWaiter.class);
    }
  }

  @Test
  void replay_notices_a_timer_that_the_code_no_longer_starts() {
    // the check above is only worth something if replay compares timers at all
    register(SummarizedWaiter.class);
    begin("timed-out-again");
    client.newUntypedWorkflowStub("timed-out-again").getResult(Boolean.class);
    WorkflowExecutionHistory history = client.fetchHistory("timed-out-again");

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, NoSleep.class))
        .isInstanceOf(RuntimeException.class);
  }

  /** A changed workflow that no longer sleeps after its wait. */
  public static class NoSleep implements Waiter {
    private boolean arrived;

    @Override
    public boolean waitFor(long deadlineSeconds) {
      return DurableTimers.await(Duration.ofSeconds(deadlineSeconds), "deadline", () -> arrived);
    }

    @Override
    public void arrive() {
      arrived = true;
    }
  }
}
