package dev.agentfleet.workflows.approval;

import java.util.List;
import java.util.Map;

/**
 * What an approver sees while a run waits: the summary, the model's proposal, its confidence and
 * reasons, and the cost so far.
 *
 * @param role the role the request is for
 * @param escalatedTo the latest escalation role, null before the first escalation
 * @param escalatedRoles every role the request escalated to so far, in order; each may decide
 * @param editable the fields an approver may edit, as a JSON Schema; null when edits are not
 *     allowed
 * @param effect what approving leads to: the connector operation, amount and currency the approver
 *     signs for (null when the approval leads to no action); shown with the request
 */
public record ApprovalRequest(
    String stepId,
    String role,
    String escalatedTo,
    String summary,
    Map<String, Object> proposal,
    Double confidence,
    List<String> reasons,
    double costUsd,
    long requestedAt,
    long deadlineAt,
    List<String> escalatedRoles,
    Map<String, Object> editable,
    ProposedEffect effect) {

  public ApprovalRequest {
    escalatedRoles = escalatedRoles == null ? List.of() : List.copyOf(escalatedRoles);
  }

  /** A request whose approval leads to no known effect. */
  public ApprovalRequest(
      String stepId,
      String role,
      String escalatedTo,
      String summary,
      Map<String, Object> proposal,
      Double confidence,
      List<String> reasons,
      double costUsd,
      long requestedAt,
      long deadlineAt,
      List<String> escalatedRoles,
      Map<String, Object> editable) {
    this(
        stepId,
        role,
        escalatedTo,
        summary,
        proposal,
        confidence,
        reasons,
        costUsd,
        requestedAt,
        deadlineAt,
        escalatedRoles,
        editable,
        null);
  }

  /**
   * The role someone holding {@code roles} decides this request in: the request's own role first,
   * then the escalation roles in order; null when none of them may decide it.
   */
  public String roleFor(List<String> roles) {
    if (roles.contains(role)) {
      return role;
    }
    for (String escalated : escalatedRoles) {
      if (roles.contains(escalated)) {
        return escalated;
      }
    }
    return escalatedTo != null && roles.contains(escalatedTo) ? escalatedTo : null;
  }

  /** True when someone holding one of {@code roles} may decide this request now. */
  public boolean mayDecide(List<String> roles) {
    if (roles.contains(role) || (escalatedTo != null && roles.contains(escalatedTo))) {
      return true;
    }
    return escalatedRoles.stream().anyMatch(roles::contains);
  }
}
