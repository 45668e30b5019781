package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.blob.BlobRef;

/**
 * Where a batch stands, as its {@code progress} query and its result report it. Every valid record
 * of the input is counted in exactly one of {@code pending}, {@code running}, the settled counts
 * ({@code waitingApproval}, {@code waiting}, {@code deadLettered}), the ended counts ({@code
 * completed}, {@code rejected}, {@code closed}, {@code failed}, {@code rolledBack}) or {@code
 * duplicates}; their sum is {@code total}.
 *
 * <p>A settled child run waits for a person or a timer and no longer holds a place in the
 * concurrency window. Once the batch continued as new it stops following such a run, so its settled
 * count says how it stood when the batch last heard of it; {@code ./fleet runs} and {@code ./fleet
 * pending} show how it stands now.
 *
 * @param source the input's name as the CLI read it (a file name or {@code stdin})
 * @param total the valid records of the input, each a child run
 * @param pending records not started yet
 * @param running child runs started and neither settled nor ended
 * @param waitingApproval child runs waiting for a human decision
 * @param waiting child runs waiting for a timer or an event
 * @param deadLettered child runs parked in the dead-letter queue
 * @param completed child runs that ended {@code completed}
 * @param rejected child runs that ended {@code rejected} (an approver said no)
 * @param closed child runs that ended {@code closed}
 * @param failed child runs that ended {@code failed}, or could not run at all
 * @param rolledBack child runs that ended {@code rolled-back}
 * @param duplicates records whose run existed before the batch (a record id is one run, ever)
 * @param repeatedIds input lines whose record id repeats an earlier line's; not part of {@code
 *     total}
 * @param rejectedLines input lines the CLI could not read; not part of {@code total}
 * @param rejectedLinesRef the blob that lists the rejected lines with their numbers; null when none
 * @param concurrency the most child runs running at once
 * @param continuations how many times the batch continued as new
 * @param startedAtMillis when the batch started (workflow time, epoch milliseconds)
 * @param finishedAtMillis when every record was accounted for; 0 while the batch runs
 */
public record BatchProgress(
    String batchId,
    String agent,
    String definitionHash,
    String source,
    int total,
    int pending,
    int running,
    int waitingApproval,
    int waiting,
    int deadLettered,
    int completed,
    int rejected,
    int closed,
    int failed,
    int rolledBack,
    int duplicates,
    int repeatedIds,
    int rejectedLines,
    BlobRef rejectedLinesRef,
    int concurrency,
    int continuations,
    long startedAtMillis,
    long finishedAtMillis) {

  /** True once every record is accounted for: ended, settled or a duplicate. */
  public boolean done() {
    return finishedAtMillis > 0;
  }

  /** Child runs that wait for a person or a timer, or sit in the dead-letter queue. */
  public int settled() {
    return waitingApproval + waiting + deadLettered;
  }

  /** Child runs that reached a terminal status. */
  public int ended() {
    return completed + rejected + closed + failed + rolledBack;
  }

  /** Records the batch is through with: ended, settled or duplicates. */
  public int accounted() {
    return ended() + settled() + duplicates;
  }
}
