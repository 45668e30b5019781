package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.Decision;
import dev.agentfleet.workflows.run.RunError;
import dev.agentfleet.workflows.run.RunState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The decisions waiting for one approver: every run visibility lists as waiting, asked for its open
 * request, kept when the approver holds a role that may decide it (the step's role or one it
 * escalated to), oldest request first.
 */
public final class ApprovalQueue {

  /**
   * One decision to make.
   *
   * @param waitingSeconds since the request opened
   * @param webUi the run in the Temporal Web UI; null when there is none
   * @param input the record's own fields, as the run received them
   * @param decisions the routing decisions that brought the run here, with the values they saw
   * @param errors the step errors recorded so far (why a run fell back to a person, say)
   */
  public record Item(
      String workflowId,
      String recordId,
      String agent,
      String subject,
      ApprovalRequest request,
      long waitingSeconds,
      String webUi,
      Map<String, Object> input,
      List<Decision> decisions,
      List<RunError> errors) {

    public Item {
      input = input == null ? Map.of() : input;
      decisions = decisions == null ? List.of() : decisions;
      errors = errors == null ? List.of() : errors;
    }
  }

  /**
   * The approver's queue and how many waiting runs could not be asked (no worker answered), so the
   * page can say the list may be incomplete.
   */
  public record Listing(List<Item> items, int unanswered) {}

  private final FleetRuns runs;
  private final Clock clock;
  private final int limit;

  public ApprovalQueue(FleetRuns runs, Clock clock, int limit) {
    this.runs = runs;
    this.clock = clock;
    this.limit = limit;
  }

  /** What {@code approver} may decide now, the request waiting longest first. */
  public Listing forApprover(Approver approver) {
    List<Item> items = new ArrayList<>();
    int unanswered = 0;
    long now = clock.millis();
    for (String workflowId : runs.waitingForApproval(limit)) {
      RunState state;
      try {
        state = runs.state(workflowId);
      } catch (RuntimeException e) {
        unanswered++;
        continue;
      }
      ApprovalRequest request = state.pendingApproval();
      if (request == null || !request.mayDecide(approver.roles())) {
        continue;
      }
      items.add(
          new Item(
              workflowId,
              state.recordId(),
              state.agent(),
              state.subject(),
              request,
              Math.max(0, (now - request.requestedAt()) / 1000),
              runs.webUiLink(workflowId),
              state.input(),
              state.decisions(),
              state.errors()));
    }
    items.sort(
        Comparator.comparingLong((Item item) -> item.request().requestedAt())
            .thenComparing(Item::workflowId));
    return new Listing(List.copyOf(items), unanswered);
  }
}
