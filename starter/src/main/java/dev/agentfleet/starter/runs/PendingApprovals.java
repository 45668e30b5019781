package dev.agentfleet.starter.runs;

import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunState;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runs waiting for a human: found through visibility ({@code FleetNeedsApproval = true}), then
 * asked for what the approver should see.
 */
public final class PendingApprovals {

  static final String QUERY =
      RunLister.AGENT_RUNS + " AND FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final RunLister lister;
  private final RunQueries queries;
  private final Clock clock;

  public PendingApprovals(RunLister lister, RunQueries queries, Clock clock) {
    this.lister = lister;
    this.queries = queries;
    this.clock = clock;
  }

  /** One waiting approval, exactly the fields of the {@code fleet pending --json} contract. */
  public record PendingApproval(
      String workflowId,
      String recordId,
      String agent,
      String stepId,
      String role,
      String summary,
      Double confidence,
      long waitingSeconds,
      String deadlineAt) {}

  /** Every waiting approval, the one waiting longest first. */
  public List<PendingApproval> list(int limit) {
    return page(limit).items();
  }

  /** At most {@code limit} waiting approvals, the longest waiting first, and whether more wait. */
  public RunLister.Page<PendingApproval> page(int limit) {
    List<WorkflowExecutionMetadata> executions = lister.executions(QUERY, limit + 1);
    boolean more = executions.size() > limit;
    return new RunLister.Page<>(found(more ? executions.subList(0, limit) : executions), more);
  }

  private List<PendingApproval> found(List<WorkflowExecutionMetadata> executions) {
    record Found(PendingApproval approval, long requestedAt) {}
    List<Found> found = new ArrayList<>();
    Instant now = clock.instant();
    for (WorkflowExecutionMetadata execution : executions) {
      String workflowId = execution.getExecution().getWorkflowId();
      RunState state = queries.state(workflowId);
      ApprovalRequest request = state.pendingApproval();
      if (request == null) {
        continue;
      }
      long waiting = Math.max(0, (now.toEpochMilli() - request.requestedAt()) / 1000);
      String agent =
          state.agent() != null
              ? state.agent()
              : execution.getTypedSearchAttributes().get(FleetSearchAttributes.AGENT);
      found.add(
          new Found(
              new PendingApproval(
                  workflowId,
                  state.recordId(),
                  agent,
                  request.stepId(),
                  request.role(),
                  request.summary(),
                  request.confidence(),
                  waiting,
                  request.deadlineAt() > 0
                      ? Instant.ofEpochMilli(request.deadlineAt())
                          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                          .toString()
                      : null),
              request.requestedAt()));
    }
    return found.stream()
        .sorted(Comparator.comparingLong(Found::requestedAt))
        .map(Found::approval)
        .toList();
  }
}
