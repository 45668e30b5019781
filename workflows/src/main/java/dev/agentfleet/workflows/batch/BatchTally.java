package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * The batch's counts while it runs: how many child runs stand in each status, the duplicates, and
 * the position of the next record. Every move keeps the invariant that each record is counted once.
 * Workflow state; not thread-safe and needs none.
 */
final class BatchTally {

  private final String batchId;
  private final BatchInput input;
  private final int total;
  private final Map<RunStatus, Integer> byStatus = new EnumMap<>(RunStatus.class);
  private int duplicates;
  private int next;
  private final int continuations;
  private final long startedAtMillis;
  private long finishedAtMillis;

  /** The tally of a fresh batch, or of one that continued, as its input says. */
  BatchTally(String batchId, BatchInput input, long nowMillis) {
    this.batchId = batchId;
    this.input = input;
    this.total = input.total();
    BatchContinuation carried = input.continuation();
    if (carried == null) {
      continuations = 0;
      startedAtMillis = nowMillis;
      return;
    }
    BatchProgress p = carried.progress();
    next = carried.next();
    duplicates = p.duplicates();
    continuations = p.continuations() + 1;
    startedAtMillis = p.startedAtMillis();
    byStatus.put(RunStatus.WAITING_APPROVAL, p.waitingApproval());
    byStatus.put(RunStatus.WAITING, p.waiting());
    byStatus.put(RunStatus.DEAD_LETTERED, p.deadLettered());
    byStatus.put(RunStatus.COMPLETED, p.completed());
    byStatus.put(RunStatus.REJECTED, p.rejected());
    byStatus.put(RunStatus.CLOSED, p.closed());
    byStatus.put(RunStatus.FAILED, p.failed());
    byStatus.put(RunStatus.ROLLED_BACK, p.rolledBack());
    // A batch continues only once nothing it started still runs.
    byStatus.put(RunStatus.RUNNING, p.running());
  }

  int next() {
    return next;
  }

  boolean hasNext() {
    return next < total;
  }

  int running() {
    return count(RunStatus.RUNNING);
  }

  /** The next record became a running child. */
  void started() {
    next++;
    add(RunStatus.RUNNING, 1);
  }

  /** The next record's run existed before the batch: it is not started again. */
  void skippedDuplicate() {
    next++;
    duplicates++;
  }

  /** A started child turned out to exist before: the start was refused. */
  void duplicate(RunStatus was) {
    add(was, -1);
    duplicates++;
  }

  /** A child moved from one status to another: settled, or ended. */
  void move(RunStatus from, RunStatus to) {
    add(from, -1);
    add(to, 1);
  }

  void finish(long nowMillis) {
    finishedAtMillis = nowMillis;
  }

  BatchProgress snapshot() {
    return new BatchProgress(
        batchId,
        input.agent(),
        input.definitionHash(),
        input.source(),
        total,
        total - next,
        count(RunStatus.RUNNING),
        count(RunStatus.WAITING_APPROVAL),
        count(RunStatus.WAITING),
        count(RunStatus.DEAD_LETTERED),
        count(RunStatus.COMPLETED),
        count(RunStatus.REJECTED),
        count(RunStatus.CLOSED),
        count(RunStatus.FAILED),
        count(RunStatus.ROLLED_BACK),
        duplicates,
        input.repeatedIds(),
        input.rejectedLines(),
        input.rejectedLinesRef(),
        input.concurrency(),
        continuations,
        startedAtMillis,
        finishedAtMillis);
  }

  /** The progress of a batch whose first workflow task has not run yet. */
  static BatchProgress notStarted(String batchId) {
    BlobRef none = null;
    return new BatchProgress(
        batchId, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, none, 0, 0, 0, 0);
  }

  private int count(RunStatus status) {
    return byStatus.getOrDefault(status, 0);
  }

  private void add(RunStatus status, int delta) {
    byStatus.merge(status, delta, Integer::sum);
  }
}
