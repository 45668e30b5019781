package dev.agentfleet.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The anchor workflow on the in-process test server, with a fake ledger that hands out scripted
 * heads: it records every head in its history, never lets a head read after a cut replace the
 * anchor that proves the cut, carries the anchor across continue-as-new, and replays.
 */
class AuditAnchorWorkflowTest {

  private static final String QUEUE = "anchor-test";

  private TestWorkflowEnvironment env;
  private FakeLedgerHeads ledger;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(AuditAnchorWorkflowImpl.class);
    ledger = new FakeLedgerHeads();
    worker.registerActivitiesImplementations(ledger);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void longer_heads_advance_the_anchor_and_a_cut_never_replaces_it() {
    ledger.script(head(3, "a3", null), head(5, "a5", null), head(4, "a4", "seq=5 is gone"));
    AuditAnchorWorkflow anchor = begin(null);

    env.sleep(Duration.ofSeconds(10));

    assertThat(anchor.anchored().lastSeq()).isEqualTo(5);
    assertThat(anchor.anchored().lastHash()).isEqualTo("a5");
    // the activity is always asked against the highest anchor, so a cut stays a problem
    assertThat(ledger.askedAgainst()).contains(5L);
    assertThat(recordedHeads()).extracting(AuditHead::lastSeq).startsWith(3L, 5L, 4L);
  }

  @Test
  void anchor_is_carried_across_continue_as_new() {
    ledger.script(head(7, "a7", null));
    begin(null);

    env.sleep(Duration.ofSeconds(AuditAnchorWorkflowImpl.HEADS_PER_RUN + 5));
    // On a busy machine the worker can trail the skipped time: give it up to 30 s of real time
    // (a second of workflow time at a time) to reach its continue-as-new.
    WorkflowExecutionDescription now = describe();
    for (int i = 0; i < 30 && now.getExecution().getRunId().equals(firstRunId); i++) {
      env.sleep(Duration.ofSeconds(1));
      now = describe();
    }
    assertThat(now.getExecution().getRunId()).isNotEqualTo(firstRunId);
    AuditAnchorWorkflow latest =
        client.newWorkflowStub(AuditAnchorWorkflow.class, AuditAnchorWorkflow.workflowId(QUEUE));
    assertThat(latest.anchored().lastSeq()).isEqualTo(7);
    assertThat(ledger.askedAgainst()).last().isEqualTo(7L);
  }

  private WorkflowExecutionDescription describe() {
    return client.newUntypedWorkflowStub(AuditAnchorWorkflow.workflowId(QUEUE)).describe();
  }

  @Test
  void recorded_history_replays_against_current_code() throws Exception {
    ledger.script(head(1, "a1", null), head(2, "a2", null));
    begin(null);
    env.sleep(Duration.ofSeconds(5));

    WorkflowExecutionHistory history =
        client.fetchHistory(AuditAnchorWorkflow.workflowId(QUEUE), firstRunId);
    WorkflowReplayer.replayWorkflowExecution(history, AuditAnchorWorkflowImpl.class);
  }

  private String firstRunId;

  private AuditAnchorWorkflow begin(AuditHead carried) {
    AuditAnchorWorkflow anchor =
        client.newWorkflowStub(
            AuditAnchorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(AuditAnchorWorkflow.workflowId(QUEUE))
                .setTaskQueue(QUEUE)
                .build());
    firstRunId = WorkflowClient.start(anchor::run, new AuditAnchorInput(1, carried)).getRunId();
    return anchor;
  }

  private List<AuditHead> recordedHeads() {
    List<AuditHead> heads = new ArrayList<>();
    for (HistoryEvent e :
        client.fetchHistory(AuditAnchorWorkflow.workflowId(QUEUE), firstRunId).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        heads.add(
            client
                .getOptions()
                .getDataConverter()
                .fromPayloads(
                    0,
                    java.util.Optional.of(e.getActivityTaskCompletedEventAttributes().getResult()),
                    AuditHead.class,
                    AuditHead.class));
      }
    }
    return heads;
  }

  private static AuditHead head(long seq, String hash, String problem) {
    return new AuditHead(seq, seq, hash, "2026-01-01T00:00:00.000Z", problem);
  }

  /** A fake ledger: hands out the scripted heads in order, then the last one for ever. */
  static final class FakeLedgerHeads implements AuditAnchorActivities {

    private final List<AuditHead> script = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> askedAgainst = Collections.synchronizedList(new ArrayList<>());
    private int next;

    void script(AuditHead... heads) {
      script.addAll(List.of(heads));
    }

    List<Long> askedAgainst() {
      synchronized (askedAgainst) {
        return List.copyOf(askedAgainst);
      }
    }

    @Override
    public synchronized AuditHead head(AuditHead anchored) {
      askedAgainst.add(anchored == null ? 0L : anchored.lastSeq());
      AuditHead head = script.get(Math.min(next, script.size() - 1));
      next++;
      return head;
    }
  }
}
