package dev.agentfleet.starter.batch;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.batch.BatchProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads a batch's progress: the {@code progress} query while it runs (a worker answers it), its
 * result once it completed (the server has it, no worker needed). While no worker answers (say, a
 * worker restarts) it keeps asking and says why it got no answer.
 */
public final class BatchFollower {

  /** One look at the batch: the latest counts known, and why the last question got no answer. */
  public record Tick(BatchProgress progress, String problem) {}

  /** The batch runs but did not answer: no worker is up, or none answered in time. */
  public static final class NoAnswer extends FleetException {
    NoAnswer(String message) {
      super(message);
    }
  }

  private final TemporalConnection temporal;
  private final String batchId;

  public BatchFollower(TemporalConnection temporal, String batchId) {
    this.temporal = temporal;
    this.batchId = batchId;
  }

  /**
   * The progress now.
   *
   * @throws NoAnswer when the batch runs but no worker answers
   * @throws FleetException when there is no such batch, or it ended without completing
   */
  public BatchProgress progress() {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(batchId);
    try {
      return stub.query("progress", BatchProgress.class);
    } catch (WorkflowNotFoundException e) {
      throw new FleetException(
          "no batch with id '" + batchId + "' in namespace " + temporal.namespace());
    } catch (RuntimeException e) {
      WorkflowExecutionStatus status = status(stub);
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return stub.getResult(BatchProgress.class);
      }
      if (status != null && status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw new FleetException(
            "batch "
                + batchId
                + " ended "
                + status
                    .name()
                    .replace("WORKFLOW_EXECUTION_STATUS_", "")
                    .toLowerCase(java.util.Locale.ROOT)
                + " — see it in the Temporal Web UI; submit the file again to start it anew");
      }
      throw new NoAnswer(
          "batch " + batchId + " does not answer (" + temporal.explain(e) + ") — is a worker up?");
    }
  }

  /**
   * Asks every {@code interval} until the batch is done, telling {@code onTick} each time; a batch
   * that does not answer is asked again (its problem goes to {@code onTick}), one that ended
   * without completing fails.
   */
  public BatchProgress awaitDone(Duration interval, Consumer<Tick> onTick) {
    BatchProgress last = null;
    while (true) {
      String problem = null;
      try {
        last = progress();
      } catch (NoAnswer e) {
        problem = e.getMessage();
      }
      onTick.accept(new Tick(last, problem));
      if (last != null && last.done()) {
        return last;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("stopped following batch " + batchId + "; it goes on");
      }
    }
  }

  private static WorkflowExecutionStatus status(WorkflowStub stub) {
    try {
      return stub.describe().getStatus();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
