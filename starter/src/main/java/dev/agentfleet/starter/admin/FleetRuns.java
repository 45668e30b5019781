package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.run.RunState;
import java.util.List;

/**
 * What the admin page needs from Temporal: which runs wait for a person, a run's state, and a way
 * to send a decision and hear the run's answer. {@link TemporalFleetRuns} is the real one; tests
 * use a fake.
 */
public interface FleetRuns {

  /**
   * The ids of running runs that wait for an approval, as visibility lists them ({@code
   * FleetNeedsApproval = true}), at most {@code limit}. Not filtered by role: an escalated request
   * carries only its latest role in visibility, while the original role may still decide, so the
   * caller filters on each run's own {@link dev.agentfleet.workflows.approval.ApprovalRequest}.
   */
  List<String> waitingForApproval(int limit);

  /** The run's whole state, from its {@code state} query. */
  RunState state(String workflowId);

  /**
   * Sends a signed decision as the run's {@code decision} update and answers how the run took it; a
   * run whose worker predates the update gets the {@code decide} signal instead ({@link
   * RunUpdates.SentAsSignal}), whose effect the caller reads from the run's state.
   */
  RunUpdates.Answer decide(String workflowId, ApprovalDecision decision);

  /** Where the Temporal Web UI shows this run, or null when there is no UI to link to. */
  String webUiLink(String workflowId);
}
