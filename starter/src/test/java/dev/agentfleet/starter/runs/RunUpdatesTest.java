package dev.agentfleet.starter.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunEvent;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client side of the updates, against the in-process Temporal server: a run's answer comes back
 * from the call (accepted with its message, refused with the validator's reason); a run whose
 * workflow code predates the updates gets the signal instead; a run no worker serves is reported
 * unanswered after the timeout.
 */
class RunUpdatesTest {

  private static final String CURRENT = "current-workers";
  private static final String OLD = "old-workers";
  private static final String NOBODY = "no-workers";

  private TestWorkflowEnvironment env;
  private RunUpdates updates;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(CURRENT).registerWorkflowImplementationTypes(CurrentRun.class);
    env.newWorker(OLD).registerWorkflowImplementationTypes(OldRun.class);
    env.start();
    updates =
        new RunUpdates(
            env.getWorkflowClient(),
            e -> "explained: " + e.getMessage(),
            Duration.ofSeconds(5),
            r -> Thread.ofVirtual().start(r));
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private String started(String id, String queue) {
    WorkflowClient client = env.getWorkflowClient();
    WorkflowOptions options =
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build();
    if (queue.equals(OLD)) {
      WorkflowClient.start(client.newWorkflowStub(OldAgentWorkflow.class, options)::run, null);
    } else {
      WorkflowClient.start(client.newWorkflowStub(AgentWorkflow.class, options)::run, null);
    }
    return id;
  }

  private static ApprovalDecision by(String approver) {
    return new ApprovalDecision("check", "approve", approver, List.of("billing"), null);
  }

  @Test
  void the_runs_answer_comes_back_from_the_call() {
    String id = started("agent/U-1", CURRENT);

    RunUpdates.Answer accepted = updates.decide(id, by("alice"));
    RunUpdates.Answer refused = updates.decide(id, by("mallory"));
    RunUpdates.Answer refusedLater = updates.decide(id, by("bob"));

    assertThat(accepted)
        .isEqualTo(
            new RunUpdates.Accepted(
                new RunReply(true, "approved step check as alice", RunStatus.RUNNING, "next")));
    assertThat(refused)
        .as("the validator's reason, as the run gave it")
        .isEqualTo(new RunUpdates.Refused("mallory holds [billing] but may not decide"));
    assertThat(refusedLater)
        .as("refused by the handler, after the validator let it in")
        .isEqualTo(new RunUpdates.Refused("bob was too late"));
    assertThat(updates.answerDeadLetter(id, new DeadLetterAction("retry", "ops", null)))
        .isEqualTo(new RunUpdates.Refused("the run is not dead-lettered"));
  }

  @Test
  void a_run_whose_workflow_code_predates_the_updates_gets_the_signal_instead() {
    String id = started("agent/O-1", OLD);
    OldAgentWorkflow run = env.getWorkflowClient().newWorkflowStub(OldAgentWorkflow.class, id);

    assertThat(updates.decide(id, by("alice"))).isEqualTo(new RunUpdates.SentAsSignal("decide"));
    assertThat(updates.answerDeadLetter(id, new DeadLetterAction("skip", "ops", null)))
        .isEqualTo(new RunUpdates.SentAsSignal("dlq"));
    assertThat(updates.deliverEvent(id, new RunEvent("replied", Map.of(), "crm", 0)))
        .isEqualTo(new RunUpdates.SentAsSignal("event"));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (run.received().size() < 3 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(run.received()).containsExactly("decide alice", "dlq skip", "event replied");
  }

  @Test
  void a_run_no_worker_serves_is_unanswered_after_the_timeout() {
    String id = started("agent/N-1", NOBODY);
    RunUpdates quick =
        new RunUpdates(
            env.getWorkflowClient(),
            e -> e.getMessage(),
            Duration.ofMillis(500),
            r -> Thread.ofVirtual().start(r));

    assertThat(quick.decide(id, by("alice")))
        .isEqualTo(new RunUpdates.Unanswered(Duration.ofMillis(500)));
  }

  /** A run of the current workflow code, reduced to what the client sees of its updates. */
  public static class CurrentRun implements AgentWorkflow {

    private boolean decided;

    @Override
    public RunState run(AgentRunInput input) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public RunState state() {
      return null;
    }

    @Override
    public void decide(ApprovalDecision decision) {}

    @Override
    public void deadLetter(DeadLetterAction action) {}

    @Override
    public void event(RunEvent event) {}

    @Override
    public RunReply decision(ApprovalDecision decision) {
      if (decided) {
        return new RunReply(false, decision.approver() + " was too late", RunStatus.RUNNING, null);
      }
      decided = true;
      return new RunReply(
          true, "approved step check as " + decision.approver(), RunStatus.RUNNING, "next");
    }

    @Override
    public void validateDecision(ApprovalDecision decision) {
      if (decision.approver().equals("mallory")) {
        throw RunReply.refusal("mallory holds [billing] but may not decide");
      }
    }

    @Override
    public RunReply dlqAnswer(DeadLetterAction action) {
      return new RunReply(true, "retrying", RunStatus.RUNNING, null);
    }

    @Override
    public void validateDlqAnswer(DeadLetterAction action) {
      throw RunReply.refusal("the run is not dead-lettered");
    }

    @Override
    public RunReply deliverEvent(RunEvent event) {
      return new RunReply(true, "recorded event '" + event.name() + "'", RunStatus.RUNNING, null);
    }

    @Override
    public void validateEvent(RunEvent event) {}
  }

  /** The agent workflow as builds before the updates declared it: signals and the query only. */
  @WorkflowInterface
  public interface OldAgentWorkflow {

    @WorkflowMethod(name = "AgentRun")
    RunState run(AgentRunInput input);

    @QueryMethod(name = "received")
    List<String> received();

    @SignalMethod(name = "decide")
    void decide(ApprovalDecision decision);

    @SignalMethod(name = "dlq")
    void deadLetter(DeadLetterAction action);

    @SignalMethod(name = "event")
    void event(RunEvent event);
  }

  /** A run of such a build: it records the signals it got. */
  public static class OldRun implements OldAgentWorkflow {

    private final List<String> received = new ArrayList<>();

    @Override
    public RunState run(AgentRunInput input) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public List<String> received() {
      return received;
    }

    @Override
    public void decide(ApprovalDecision decision) {
      received.add("decide " + decision.approver());
    }

    @Override
    public void deadLetter(DeadLetterAction action) {
      received.add("dlq " + action.action());
    }

    @Override
    public void event(RunEvent event) {
      received.add("event " + event.name());
    }
  }
}
