package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.RunState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;

/**
 * Asks a run for its state through the {@code state} query. A query is answered by a worker, for
 * running and for closed runs alike, so "no answer" usually means no worker is up.
 */
public final class RunQueries {

  private final TemporalConnection temporal;

  public RunQueries(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  /** The run's whole state now, or a {@link FleetException} that says why it cannot be had. */
  public RunState state(String workflowId) {
    try {
      return temporal.client().newUntypedWorkflowStub(workflowId).query("state", RunState.class);
    } catch (WorkflowNotFoundException e) {
      throw new FleetException(
          "no run with id '"
              + workflowId
              + "' in namespace "
              + temporal.namespace()
              + " — list runs with ./fleet runs");
    } catch (RuntimeException e) {
      Status status = status(e);
      Status.Code code = status == null ? null : status.getCode();
      if (code == Status.Code.FAILED_PRECONDITION
          && String.valueOf(status.getDescription()).contains("poller")) {
        throw new FleetException(
            "run '"
                + workflowId
                + "' cannot answer: no worker polls its task queue — run ./fleet up");
      }
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        throw new FleetException(
            "run '"
                + workflowId
                + "' did not answer the state query in time — is a worker running? (./fleet up)");
      }
      throw new FleetException("cannot query run '" + workflowId + "': " + temporal.explain(e));
    }
  }

  private static Status status(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException failure) {
        return failure.getStatus();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
