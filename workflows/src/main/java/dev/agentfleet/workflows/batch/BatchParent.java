package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.workflow.Async;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The child's side of a batch: an agent run started by a batch tells the batch, with a {@link
 * #SETTLED_SIGNAL} signal, when it first stops to wait (for an approval, a timer or an event, or in
 * the dead-letter queue), so a run that waits for days does not hold a place in the batch's
 * concurrency window. A run without a batch parent does nothing here and records nothing in its
 * history.
 */
public final class BatchParent {

  /** The signal a child run sends its batch when it settles. */
  public static final String SETTLED_SIGNAL = "childSettled";

  /** The change id that guards the report in the child's history. */
  static final String CHANGE_ID = "report-settled-to-batch";

  private static final Logger log = Workflow.getLogger(BatchParent.class);

  private BatchParent() {}

  /**
   * Call once at the start of an agent run's workflow method: when the run's parent is a batch, a
   * workflow thread waits until {@code status} first settles and then signals the batch once. A
   * batch that has ended by then is not an error: the run just goes on.
   */
  public static void reportSettledToBatch(Supplier<RunStatus> status) {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty() || !BatchIds.isBatch(parent.get())) {
      return;
    }
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    String batchId = parent.get();
    String self = Workflow.getInfo().getWorkflowId();
    Async.procedure(
        () -> {
          Workflow.await(() -> settles(status.get()));
          RunStatus settled = status.get();
          try {
            Workflow.newUntypedExternalWorkflowStub(batchId)
                .signal(SETTLED_SIGNAL, new ChildSettled(self, settled));
          } catch (SignalExternalWorkflowException e) {
            log.info("batch {} did not take the settled report: it has ended", batchId);
          }
        });
  }

  /** True for the statuses in which a run waits and leaves the batch's concurrency window. */
  public static boolean settles(RunStatus status) {
    return status == RunStatus.WAITING_APPROVAL
        || status == RunStatus.WAITING
        || status == RunStatus.DEAD_LETTERED;
  }
}
