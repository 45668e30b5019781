package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.run.RunState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@link FleetRuns} on a Temporal connection: visibility, the state query and the decision update.
 */
public final class TemporalFleetRuns implements FleetRuns {

  /** Running agent runs with an open approval; the same selection as {@code ./fleet pending}. */
  static final String WAITING =
      RunLister.AGENT_RUNS + " AND FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final TemporalConnection temporal;
  private final RunLister lister;
  private final RunQueries queries;
  private final String webUi;
  private final RunUpdates updates;

  /**
   * @param webUi the Temporal Web UI's base address ({@code http://localhost:8233}); null for none
   * @param answerTimeout how long a decision waits for the run's answer
   */
  public TemporalFleetRuns(TemporalConnection temporal, String webUi, Duration answerTimeout) {
    this.temporal = temporal;
    this.updates = RunUpdates.of(temporal, answerTimeout);
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
  public RunUpdates.Answer decide(String workflowId, ApprovalDecision decision) {
    return updates.decide(workflowId, decision);
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
