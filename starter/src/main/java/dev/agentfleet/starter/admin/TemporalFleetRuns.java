package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link FleetRuns} on a Temporal connection: visibility, the state query and the signal. */
public final class TemporalFleetRuns implements FleetRuns {

  /** Running agent runs with an open approval; the same selection as {@code ./fleet pending}. */
  static final String WAITING =
      RunLister.AGENT_RUNS + " AND FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final TemporalConnection temporal;
  private final RunLister lister;
  private final RunQueries queries;
  private final String webUi;

  /**
   * @param webUi the Temporal Web UI's base address ({@code http://localhost:8233}); null for none
   */
  public TemporalFleetRuns(TemporalConnection temporal, String webUi) {
    this.temporal = temporal;
    this.lister = new RunLister(temporal);
    this.queries = new RunQueries(temporal);
    this.webUi = webUi == null || webUi.isBlank() ? null : webUi.replaceAll("/+$", "");
  }

  @Override
  public List<String> waitingForApproval(int limit) {
    return lister.executions(WAITING, limit).stream()
        .map(execution -> execution.getExecution().getWorkflowId())
        .toList();
  }

  @Override
  public RunState state(String workflowId) {
    return queries.state(workflowId);
  }

  @Override
  public void decide(String workflowId, ApprovalDecision decision) {
    try {
      temporal.client().newWorkflowStub(AgentWorkflow.class, workflowId).decide(decision);
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send the decision to " + workflowId + ": " + temporal.explain(e));
    }
  }

  @Override
  public String webUiLink(String workflowId) {
    if (webUi == null) {
      return null;
    }
    return webUi
        + "/namespaces/"
        + segment(temporal.namespace())
        + "/workflows/"
        + segment(workflowId);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
