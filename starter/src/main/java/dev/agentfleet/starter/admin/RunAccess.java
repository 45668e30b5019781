package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.RunState;
import java.util.Set;

/**
 * Who may read a run on the admin page and its API: an approver holding a role the run involves
 * (the role of an approval step it opened, or one its open request escalated to), the approver who
 * decided one of its approvals, or anyone holding a declared viewer role ({@code viewerRoles} in
 * the approvers file). A run that never asked a person is readable by viewers only: its input is a
 * customer's text, not something every approver needs.
 */
final class RunAccess {

  private RunAccess() {}

  static boolean mayRead(Approver approver, RunState state, Set<String> viewerRoles) {
    if (approver.roles().stream().anyMatch(viewerRoles::contains)) {
      return true;
    }
    ApprovalRequest pending = state.pendingApproval();
    if (pending != null && pending.mayDecide(approver.roles())) {
      return true;
    }
    if (state.approvals() == null) {
      return false;
    }
    for (ApprovalRecord record : state.approvals()) {
      if (approver.roles().contains(record.role())
          || approver.name().equalsIgnoreCase(String.valueOf(record.decidedBy()))) {
        return true;
      }
    }
    return false;
  }

  /** The sentence a refused approver reads; it names none of the run's roles. */
  static String refusal(Approver approver, String workflowId) {
    return workflowId
        + " does not involve any of your roles ("
        + String.join(", ", approver.roles())
        + "); runs are readable by the approvers of their steps and by viewer roles";
  }
}
