package dev.agentfleet.workflows.batch;

import static dev.agentfleet.workflows.batch.BatchTestHarness.record;
import static dev.agentfleet.workflows.batch.BatchTestHarness.records;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.RunEvent;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchWorkflowTest {

  private final BatchTestHarness h = new BatchTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void runs_every_record_once_across_continue_as_new_and_the_counts_add_up() {
    // given 23 records in chunks of 10, and an execution that starts at most 5 children
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      kinds.add(i % 4 == 0 ? "close" : i % 3 == 0 ? "act" : "done");
    }
    List<WorkItem> records = records(kinds.toArray(String[]::new));
    BatchInput input = h.input(records, 10, 3, 5);

    // when
    BatchWorkflow batch = h.start("can", input);
    String firstRunId = WorkflowStub.fromTyped(batch).getExecution().getRunId();
    BatchProgress end = h.result(batch);

    // then every record is counted once, in its outcome
    long closed = kinds.stream().filter("close"::equals).count();
    assertThat(end.total()).isEqualTo(23);
    assertThat(end.pending()).isZero();
    assertThat(end.running()).isZero();
    assertThat(end.closed()).isEqualTo(closed);
    assertThat(end.completed()).isEqualTo(23 - closed);
    assertThat(end.accounted()).isEqualTo(23);
    assertThat(end.duplicates()).isZero();
    assertThat(end.done()).isTrue();
    assertThat(end.startedAtMillis()).isPositive().isLessThanOrEqualTo(end.finishedAtMillis());
    // and the batch continued as new after every 5 children: 5 executions
    assertThat(end.continuations()).isEqualTo(4);
    List<HistoryEvent> first =
        h.client().fetchHistory(BatchIds.forInput("batch-test", "can"), firstRunId).getEvents();
    assertThat(first.get(first.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(
            first.stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .count())
        .isEqualTo(5);
    // and each mail went out exactly once
    assertThat(h.actions.performed).hasSize((int) kinds.stream().filter("act"::equals).count());
    assertThat(h.actions.performed.values()).containsOnly(1);
    // and every record's run is there, under the id fleet run would give it
    for (WorkItem item : records) {
      assertThat(h.state(item.id()).status().terminal()).as(item.id()).isTrue();
    }
  }

  @Test
  void child_runs_start_labelled_with_their_definition_and_first_step_and_upsert_once_at_the_end() {
    List<WorkItem> records = records("done", "done");
    BatchProgress end = h.result(h.start("labels", h.input(records, 10, 2, 10)));
    assertThat(end.completed()).isEqualTo(2);

    for (WorkItem item : records) {
      List<HistoryEvent> events =
          h.client()
              .fetchHistory(WorkflowIds.forRecord(h.playbook.definition().name(), item.id()))
              .getEvents();
      Map<String, Payload> started =
          events
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap();
      assertThat(decode(started.get("FleetStep"))).isEqualTo(h.playbook.definition().start());
      assertThat(decode(started.get("FleetDefinition"))).isEqualTo(h.playbook.hash());
      // nothing to tell the server at the first step: one upsert, with the run's end
      assertThat(events)
          .filteredOn(HistoryEvent::hasUpsertWorkflowSearchAttributesEventAttributes)
          .hasSize(1);
    }
  }

  private static String decode(Payload payload) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }

  @Test
  void never_runs_more_children_at_once_than_the_concurrency() {
    // given 12 records whose runs each hold a mail call for a while
    h.actions.holdMillis = 150;
    String[] kinds = new String[12];
    java.util.Arrays.fill(kinds, "act");
    BatchInput input = h.input(records(kinds), 5, 3, 500);

    // when
    BatchProgress end = h.result(h.start("window", input));

    // then at most 3 ran at once, and the window was used
    assertThat(h.actions.maxInFlight.get()).isEqualTo(3);
    assertThat(end.completed()).isEqualTo(12);
    assertThat(h.actions.performed).hasSize(12);
  }

  @Test
  void counts_records_whose_run_existed_before_as_duplicates_and_does_not_run_them_again() {
    // given one record that ran to its end and one whose run still waits for a person
    h.result(h.start("warm-up", h.input(List.of(record("R-1", "act")), 10, 1, 500)));
    h.runAlone(record("R-3", "approve"));
    BatchTestHarness.await(
        "R-3 waits for approval", () -> h.state("R-3").status() == RunStatus.WAITING_APPROVAL);
    assertThat(h.actions.performed).hasSize(1);

    // when a batch holds both among new records
    BatchProgress end =
        h.result(h.start("dups", h.input(records("act", "act", "done", "approve"), 2, 2, 500)));

    // then both are duplicates, and nothing acted twice
    assertThat(end.duplicates()).isEqualTo(2);
    assertThat(end.completed()).isEqualTo(2);
    assertThat(end.waitingApproval()).isZero();
    assertThat(end.accounted()).isEqualTo(4);
    assertThat(h.actions.performed).hasSize(2);
    assertThat(h.actions.performed.values()).containsOnly(1);
  }

  @Test
  void runs_waiting_for_a_person_leave_the_window_and_outlive_the_batch() {
    // given a window of one, and the first two records wait for an approval
    BatchInput input = h.input(records("approve", "approve", "done", "close"), 10, 1, 500);

    // when
    BatchProgress end = h.result(h.start("approvals", input));

    // then the batch did not wait for the approvals to finish
    assertThat(end.waitingApproval()).isEqualTo(2);
    assertThat(end.completed()).isEqualTo(1);
    assertThat(end.closed()).isEqualTo(1);
    assertThat(end.running()).isZero();
    assertThat(end.done()).isTrue();
    // and the waiting runs go on after it ended
    for (String id : List.of("R-0", "R-1")) {
      assertThat(
              h.client()
                  .newUntypedWorkflowStub(WorkflowIds.forRecord("batch-test", id))
                  .describe()
                  .getStatus())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      assertThat(h.state(id).status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    }
  }

  @Test
  void a_settled_run_that_ends_while_the_batch_runs_moves_to_its_outcome() {
    // given a window of one: R-0 waits for an event, R-1's mail call is held until released
    h.actions.gate = new CountDownLatch(1);
    BatchWorkflow batch = h.start("settled", h.input(records("wait", "act"), 10, 1, 500));
    BatchTestHarness.await("R-1 is mailing", () -> h.actions.inFlight.get() == 1);
    assertThat(h.state("R-0").status()).isEqualTo(RunStatus.WAITING);
    BatchProgress meanwhile = batch.progress();
    assertThat(meanwhile.waiting()).isEqualTo(1);
    assertThat(meanwhile.running()).isEqualTo(1);

    // when R-0's event arrives, then R-1 is released
    h.run("R-0").event(new RunEvent("replied", Collections.emptyMap(), "customer", 0));
    BatchTestHarness.await("R-0 counted completed", () -> batch.progress().completed() == 1);
    h.actions.gate.countDown();

    // then
    BatchProgress end = h.result(batch);
    assertThat(end.completed()).isEqualTo(2);
    assertThat(end.waiting()).isZero();
    assertThat(end.accounted()).isEqualTo(2);
  }

  @Test
  void a_run_that_settles_before_the_batch_continues_stays_counted_as_settled_and_replays()
      throws Exception {
    // given R-2 ran before, and an execution that starts at most 4 children
    h.result(h.start("earlier", h.input(List.of(record("R-2", "act")), 10, 1, 500)));
    BatchWorkflow batch =
        h.start("replay", h.input(records("wait", "done", "act", "close", "done"), 3, 2, 4));
    String batchId = WorkflowStub.fromTyped(batch).getExecution().getWorkflowId();
    String firstRunId = WorkflowStub.fromTyped(batch).getExecution().getRunId();

    // when the batch ends while R-0 waits for its event, and the event comes afterwards. The
    // batch is awaited without a blocking result call, which would let the test server skip time
    // to the end of R-0's 30-day wait whenever everything is idle (R-0 then completes by timeout).
    BatchTestHarness.await(
        "the batch ended",
        () ->
            h.client().newUntypedWorkflowStub(batchId).describe().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    BatchProgress end = h.client().newWorkflowStub(BatchWorkflow.class, batchId).progress();
    h.run("R-0").event(new RunEvent("replied", Collections.emptyMap(), "customer", 0));
    assertThat(WorkflowStub.fromTyped(h.run("R-0")).getResult(RunState.class).status())
        .isEqualTo(RunStatus.COMPLETED);

    // then R-0 is counted as it stood when the batch last followed it
    assertThat(end.waiting()).isEqualTo(1);
    assertThat(end.completed()).isEqualTo(2);
    assertThat(end.closed()).isEqualTo(1);
    assertThat(end.duplicates()).isEqualTo(1);
    assertThat(end.accounted()).isEqualTo(5);
    assertThat(end.continuations()).isEqualTo(1);
    // and the batch's executions and the child's history replay against the current code
    String child = WorkflowIds.forRecord("batch-test", "R-0");
    String childRunId =
        h.client().newUntypedWorkflowStub(child).describe().getExecution().getRunId();
    WorkflowReplayer.replayWorkflowExecution(
        h.client().fetchHistory(batchId, firstRunId), BatchWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(
        h.client().fetchHistory(batchId), BatchWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(
        h.client().fetchHistory(child), AgentWorkflowImpl.class);
    h.exportHistory(batchId, firstRunId, "batch-first-execution-continued-as-new");
    h.exportHistory(batchId, null, "batch-last-execution");
    h.exportHistory(child, childRunId, "batch-child-settled-then-replied");
  }

  @Test
  void an_empty_batch_ends_at_once() {
    BatchProgress end = h.result(h.start("empty", h.input(List.of(), 10, 5, 500)));

    assertThat(end.total()).isZero();
    assertThat(end.done()).isTrue();
    assertThat(h.chunks.reads.get()).isZero();
  }
}
