package dev.agentfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.audit.AuditAnchorActivities;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflow;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflowImpl;
import dev.agentfleet.workflows.audit.AuditHead;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every worker tries to start the anchor workflow; one run goes on however many try, and a run
 * started after the previous one was terminated goes on from the head that one had anchored (so
 * terminating the anchor does not erase what it proves).
 */
class AuditAnchorStarterTest {

  private static final String QUEUE = "anchor-starter-test";
  private static final String ID = AuditAnchorWorkflow.workflowId(QUEUE);

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeHeads ledger = new FakeHeads();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(AuditAnchorWorkflowImpl.class);
    worker.registerActivitiesImplementations(ledger);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void a_second_worker_finds_it_running_and_a_restart_goes_on_from_the_last_anchor() {
    ledger.next = new AuditHead(9, 9, "h9", "t", null);
    new AuditAnchorStarter(client, QUEUE, 1).ensureRunning();
    env.sleep(Duration.ofSeconds(3));
    String firstRun = runId();

    new AuditAnchorStarter(client, QUEUE, 1).ensureRunning();
    assertThat(runId()).as("one anchor run however many workers start").isEqualTo(firstRun);

    // someone terminates the anchor and cuts the ledger's tail while it is down
    client.newUntypedWorkflowStub(ID).terminate("test");
    ledger.next = new AuditHead(4, 4, "h4", "t", "entry seq=9 is gone");
    new AuditAnchorStarter(client, QUEUE, 1).ensureRunning();
    env.sleep(Duration.ofSeconds(3));

    assertThat(runId()).isNotEqualTo(firstRun);
    AuditAnchorWorkflow anchor = client.newWorkflowStub(AuditAnchorWorkflow.class, ID);
    assertThat(anchor.anchored().lastSeq()).isEqualTo(9);
    assertThat(ledger.lastAskedAgainst).isEqualTo(9);
  }

  @Test
  void zero_seconds_starts_no_anchor() {
    new AuditAnchorStarter(client, QUEUE, 0).ensureRunning();

    env.sleep(Duration.ofSeconds(3));

    assertThat(ledger.lastAskedAgainst).isEqualTo(-1);
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(ID).describe())
        .as("no anchor workflow was started")
        .isInstanceOf(RuntimeException.class);
  }

  private String runId() {
    WorkflowStub stub = client.newUntypedWorkflowStub(ID);
    return stub.describe().getExecution().getRunId();
  }

  /** A fake ledger that answers every read with the head set in {@link #next}. */
  static final class FakeHeads implements AuditAnchorActivities {

    volatile AuditHead next;
    volatile long lastAskedAgainst = -1;

    @Override
    public AuditHead head(AuditHead anchored) {
      lastAskedAgainst = anchored == null ? 0 : anchored.lastSeq();
      return next;
    }
  }
}
