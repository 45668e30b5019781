package dev.agentfleet.starter.audit;

import dev.agentfleet.ledger.audit.AuditAnchor;
import dev.agentfleet.ledger.audit.ChainCheck;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.audit.AuditAnchorHistory;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflow;
import dev.agentfleet.workflows.audit.AuditHead;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.function.Function;

/**
 * The chain heads the fleet's anchor workflow recorded in Temporal (see {@link
 * AuditAnchorWorkflow}), as anchors for {@link ChainCheck}: the head its latest run carried in and
 * every head it recorded since. Temporal's history is append-only and lives outside the ledger
 * database, so someone who can delete rows from the ledger cannot take these back.
 */
public final class TemporalAnchors {

  private TemporalAnchors() {}

  /**
   * What was read.
   *
   * @param workflowId the anchor workflow's id
   * @param claims the anchors to check, lowest {@code seq} first; empty when the workflow has not
   *     recorded a non-empty chain yet (or does not exist)
   * @param found false when there is no anchor workflow at all (no worker has started one)
   */
  public record Read(String workflowId, List<ChainCheck.Claim> claims, boolean found) {}

  /** Reads the latest run of the anchor workflow of {@code taskQueue}. */
  public static Read read(WorkflowClient client, String taskQueue) {
    return read(client, taskQueue, e -> String.valueOf(e.getMessage()));
  }

  /**
   * Reads the latest run of the anchor workflow of {@code taskQueue}, saying why it could not with
   * {@code explain} (the connection's own explanation: unreachable, no payload key, ...).
   */
  public static Read read(
      WorkflowClient client, String taskQueue, Function<Throwable, String> explain) {
    String id = AuditAnchorWorkflow.workflowId(taskQueue);
    AuditAnchorHistory history;
    try {
      history =
          AuditAnchorHistory.read(
              client.fetchHistory(id).getEvents(), client.getOptions().getDataConverter());
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return new Read(id, List.of(), false);
      }
      throw new FleetException(
          "cannot read the audit anchors from Temporal (workflow " + id + "): " + explain.apply(e));
    }
    String source = "the Temporal anchor (workflow " + id + ")";
    List<ChainCheck.Claim> claims =
        history.claims().stream().map(head -> new ChainCheck.Claim(source, anchor(head))).toList();
    return new Read(id, claims, true);
  }

  private static AuditAnchor anchor(AuditHead head) {
    return new AuditAnchor(head.entries(), head.lastSeq(), head.lastHash(), head.at());
  }

  private static boolean notFound(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
