package dev.agentfleet.workflows.audit;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Anchors the audit chain outside the ledger database: at a fixed interval it reads the chain's
 * head (last {@code seq} and hash) and records it in its own Temporal history, which the ledger's
 * writers cannot edit. {@code fleet audit verify} reads those heads back and checks the ledger
 * still holds each one, so entries deleted from the end of the log are found without any local
 * file. One runs per task queue, with the id {@link #workflowId}; the worker starts it.
 */
@WorkflowInterface
public interface AuditAnchorWorkflow {

  /** The workflow type, for the CLI that reads its history. */
  String TYPE = "AuditAnchor";

  /** The id of the anchor workflow of the fleet on {@code taskQueue}. */
  static String workflowId(String taskQueue) {
    return "audit-anchor/" + taskQueue;
  }

  @WorkflowMethod(name = TYPE)
  void run(AuditAnchorInput input);

  /** The highest head anchored so far; null before the first. */
  @QueryMethod
  AuditHead anchored();
}
