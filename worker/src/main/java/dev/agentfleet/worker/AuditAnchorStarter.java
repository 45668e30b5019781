package dev.agentfleet.worker;

import dev.agentfleet.workflows.audit.AuditAnchorHistory;
import dev.agentfleet.workflows.audit.AuditAnchorInput;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflow;
import dev.agentfleet.workflows.audit.AuditHead;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the fleet's audit anchor workflow ({@link AuditAnchorWorkflow}) when no run of it is going
 * on: every worker tries at start, the first one wins, the others find it running. A failure to
 * start it is logged and does not stop the worker; the next worker start tries again.
 */
final class AuditAnchorStarter {

  private static final Logger log = LoggerFactory.getLogger(AuditAnchorStarter.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final int everySeconds;

  AuditAnchorStarter(WorkflowClient client, String taskQueue, int everySeconds) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.everySeconds = everySeconds;
  }

  /** Starts the anchor workflow unless it runs already, or anchoring is off. */
  void ensureRunning() {
    if (everySeconds <= 0) {
      log.warn(
          "audit anchoring is off (FLEET_AUDIT_ANCHOR_SECONDS=0): entries deleted from the end of"
              + " the audit log are found only with an anchor file");
      return;
    }
    String id = AuditAnchorWorkflow.workflowId(taskQueue);
    AuditAnchorWorkflow anchor =
        client.newWorkflowStub(
            AuditAnchorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(anchor::run, new AuditAnchorInput(everySeconds, lastAnchored(id)));
      log.info("audit anchor {} started: the chain head is recorded every {} s", id, everySeconds);
    } catch (WorkflowExecutionAlreadyStarted running) {
      log.info("audit anchor {} already running", id);
    } catch (RuntimeException e) {
      log.warn("audit anchor {} could not be started: {}", id, e.toString());
    }
  }

  /**
   * The head the previous run of the anchor workflow had anchored, when there was one (it was
   * terminated, or failed), so a new run goes on from it instead of from nothing; null otherwise.
   */
  private AuditHead lastAnchored(String id) {
    try {
      return AuditAnchorHistory.read(
              client.fetchHistory(id).getEvents(), client.getOptions().getDataConverter())
          .anchored();
    } catch (RuntimeException none) {
      // No earlier run (NOT_FOUND), or its history is unreadable: start from the chain as it is.
      return null;
    }
  }
}
