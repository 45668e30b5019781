package dev.agentfleet.workflows.approval;

import java.util.List;

/**
 * A human decision, sent as a signal.
 *
 * @param stepId the approval step decided on; null means "the one waiting now"
 * @param decision {@code approve} or {@code reject}
 * @param approver who decided
 * @param roles the roles the approver holds, as the approvers' side looked them up
 */
public record ApprovalDecision(
    String stepId, String decision, String approver, List<String> roles, String comment) {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  public ApprovalDecision {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
