package dev.agentfleet.starter.batch;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.batch.BatchInput;
import dev.agentfleet.workflows.batch.BatchWorkflow;
import dev.agentfleet.workflows.run.TaskQueues;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;

/**
 * Starts a batch workflow, or finds the one that already runs (or ran) the same input. A batch id
 * is taken once it completed: the same file submitted again shows that batch's report instead of
 * running anything twice. A batch that failed or was terminated may be started again.
 */
public final class BatchLauncher {

  private final TemporalConnection temporal;

  public BatchLauncher(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  /** How an existing batch stands: running, or closed with this status. */
  public record Existing(String batchId, WorkflowExecutionStatus status) {

    /** True when following it makes sense: it runs, or it completed. */
    public boolean followable() {
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
    }

    public boolean running() {
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }
  }

  /** The batch with this id, if one was ever started. */
  public Optional<Existing> existing(String batchId) {
    try {
      WorkflowExecutionStatus status =
          temporal.client().newUntypedWorkflowStub(batchId).describe().getStatus();
      return Optional.of(new Existing(batchId, status));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw new FleetException("cannot look up batch " + batchId + ": " + temporal.explain(e));
    }
  }

  /**
   * Starts the batch; returns false when a batch with this id was already there (started in the
   * meantime, or completed), which the caller then follows.
   */
  public boolean start(String batchId, BatchInput input) {
    BatchWorkflow batch =
        temporal
            .client()
            .newWorkflowStub(
                BatchWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(batchId)
                    .setTaskQueue(TaskQueues.AGENTS)
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                    .setStaticSummary(
                        "batch: "
                            + input.agent()
                            + " over "
                            + input.source()
                            + " ("
                            + input.total()
                            + " records)")
                    .build());
    try {
      WorkflowClient.start(batch::run, input);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    } catch (RuntimeException e) {
      throw new FleetException("cannot start batch " + batchId + ": " + temporal.explain(e));
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof io.grpc.StatusRuntimeException s
          && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
