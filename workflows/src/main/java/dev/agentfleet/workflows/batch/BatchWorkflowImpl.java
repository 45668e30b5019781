package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Starts one child agent run per record, in input order, keeping at most {@code concurrency} of
 * them running. A child leaves the window when it ends, or when it reports that it settled (waits
 * for an approval, a timer or an event, or sits in the dead-letter queue; see {@link BatchParent}).
 * A record whose run existed before is a duplicate and is not run again: the child's workflow id is
 * the one {@code fleet run} gives the record, and ids are never reused.
 *
 * <p>Records are read from the blob store one chunk at a time by an activity. After {@code
 * childrenPerExecution} children (or when the server suggests it), the batch stops starting new
 * children, waits until none it started still runs, and continues as new with its counts and the
 * position of the next record; settled children keep going on their own (their parent-close policy
 * is abandon).
 */
public class BatchWorkflowImpl implements BatchWorkflow {

  private static final Logger log = Workflow.getLogger(BatchWorkflowImpl.class);

  private static final ActivityOptions READ_CHUNK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry(BatchActivities.CHUNK_INVALID)
                  .build())
          .build();

  private final BatchActivities activities =
      Workflow.newActivityStub(BatchActivities.class, READ_CHUNK);

  /** The children this execution started and still follows: running, or the status they wait in. */
  private final Map<String, RunStatus> open = new LinkedHashMap<>();

  private BatchTally tally;
  private int loadedChunk = -1;
  private int loadedFrom;
  private List<WorkItem> loaded = List.of();

  @Override
  public BatchProgress run(BatchInput input) {
    tally = new BatchTally(Workflow.getInfo().getWorkflowId(), input, Workflow.currentTimeMillis());
    if (input.continuation() == null) {
      log.info(
          "batch started: agent={} records={} concurrency={}",
          input.agent(),
          input.total(),
          input.concurrency());
    }
    int startedHere = 0;
    while (tally.hasNext()) {
      if (startedHere >= input.childrenPerExecution()
          || (startedHere > 0 && Workflow.getInfo().isContinueAsNewSuggested())) {
        continueAsNew(input);
      }
      Workflow.await(() -> tally.running() < input.concurrency());
      start(input, record(input, tally.next()));
      startedHere++;
    }
    Workflow.await(() -> tally.running() == 0);
    tally.finish(Workflow.currentTimeMillis());
    BatchProgress end = tally.snapshot();
    log.info(
        "batch ended: records={} ended={} settled={} duplicates={}",
        end.total(),
        end.ended(),
        end.settled(),
        end.duplicates());
    return end;
  }

  @Override
  public BatchProgress progress() {
    return tally == null
        ? BatchTally.notStarted(Workflow.getInfo().getWorkflowId())
        : tally.snapshot();
  }

  @Override
  public void childSettled(ChildSettled settled) {
    if (settled == null || !BatchParent.settles(settled.status())) {
      return;
    }
    if (open.get(settled.workflowId()) == RunStatus.RUNNING) {
      open.put(settled.workflowId(), settled.status());
      tally.move(RunStatus.RUNNING, settled.status());
    }
  }

  private void start(BatchInput input, WorkItem item) {
    String agent = input.agent();
    String workflowId = WorkflowIds.forRecord(agent, item.id());
    if (open.containsKey(workflowId)) {
      tally.skippedDuplicate();
      return;
    }
    AgentWorkflow child =
        Workflow.newChildWorkflowStub(
            AgentWorkflow.class,
            BatchChildren.options(input, item, workflowId, Workflow.getInfo().getTaskQueue()));
    open.put(workflowId, RunStatus.RUNNING);
    tally.started();
    Promise<RunState> result = Async.function(child::run, childInput(input, item));
    result.handle(
        (state, failure) -> {
          closed(workflowId, state, failure);
          return null;
        });
  }

  /**
   * A child's input: by reference when the batch names its definition by hash, else (a batch
   * started before runs named their definition by hash) the whole definition, as it was.
   */
  private static AgentRunInput childInput(BatchInput input, WorkItem item) {
    return input.definition() == null && input.ref() != null
        ? AgentRunInput.byReference(input.ref(), item)
        : new AgentRunInput(input.definition(), input.definitionHash(), item);
  }

  /** A child ended, or could not start: it leaves the window and lands in its final count. */
  private void closed(String workflowId, RunState state, RuntimeException failure) {
    RunStatus was = open.remove(workflowId);
    if (was == null) {
      return;
    }
    if (failure != null && alreadyStarted(failure)) {
      tally.duplicate(was);
    } else if (failure != null) {
      log.warn("child {} failed: {}", workflowId, failure.getMessage());
      tally.move(was, RunStatus.FAILED);
    } else if (state == null || state.status() == null || !state.status().terminal()) {
      tally.move(was, RunStatus.FAILED);
    } else if (state.status() == RunStatus.REFUSED) {
      // A refused child is counted with the failed ones: the batch's report has no other column.
      tally.move(was, RunStatus.FAILED);
    } else {
      tally.move(was, state.status());
    }
  }

  private static boolean alreadyStarted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof WorkflowExecutionAlreadyStarted) {
        return true;
      }
    }
    return false;
  }

  /** The record at {@code index} over all chunks, reading its chunk when it is not in memory. */
  private WorkItem record(BatchInput input, int index) {
    int from = 0;
    for (int chunk = 0; chunk < input.chunks().size(); chunk++) {
      int records = input.chunks().get(chunk).records();
      if (index < from + records) {
        if (chunk != loadedChunk) {
          loaded = activities.readChunk(input.chunks().get(chunk));
          loadedChunk = chunk;
          loadedFrom = from;
          if (loaded.size() != records) {
            throw ApplicationFailure.newNonRetryableFailure(
                "chunk " + chunk + " holds " + loaded.size() + " records, expected " + records,
                BatchActivities.CHUNK_INVALID);
          }
        }
        return loaded.get(index - loadedFrom);
      }
      from += records;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "record " + index + " is past the batch's last chunk", BatchActivities.CHUNK_INVALID);
  }

  /**
   * Waits until no child this execution started still runs, then continues as new with the counts;
   * settled children are not followed further.
   */
  private void continueAsNew(BatchInput input) {
    Workflow.await(() -> tally.running() == 0);
    BatchProgress now = tally.snapshot();
    log.info(
        "batch continuing as new: next record {} of {}, history {} events",
        tally.next(),
        now.total(),
        Workflow.getInfo().getHistoryLength());
    Workflow.continueAsNew(input.continued(new BatchContinuation(now, tally.next())));
  }
}
