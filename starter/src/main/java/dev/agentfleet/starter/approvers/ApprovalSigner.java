package dev.agentfleet.starter.approvers;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.approval.ApprovalStatement;
import java.security.PrivateKey;
import java.util.Map;

/**
 * Signs decisions on the approvers' side with the fleet's approval signing key, so the run (and the
 * guarded connector after it) can tell a decision made here from a raw signal. The key stays in
 * this process: what travels is the decision, its key id and the signature.
 */
public final class ApprovalSigner {

  private final PrivateKey key;
  private final String keyId;

  public ApprovalSigner(PrivateKey key, String keyId) {
    this.key = key;
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }

  /**
   * A signed decision on the request a run is waiting for.
   *
   * @param signedAt this side's clock, epoch milliseconds; recorded, not trusted for anything
   */
  public ApprovalDecision sign(
      String workflowId,
      ApprovalRequest waiting,
      String decision,
      Approver approver,
      String comment,
      long signedAt) {
    return sign(workflowId, waiting, decision, approver, comment, signedAt, null);
  }

  /**
   * A signed decision that may carry an edit's values; the signature covers their SHA-256 in
   * canonical JSON. It is a v3 statement, bound to the role the approver holds for this request and
   * to the effect the request says approving leads to (an edit's amount and currency applied), so a
   * guarded connector can tell what the approver authorised; an approver who holds none of the
   * request's roles gets an unbound signature, which the run refuses anyway.
   */
  public ApprovalDecision sign(
      String workflowId,
      ApprovalRequest waiting,
      String decision,
      Approver approver,
      String comment,
      long signedAt,
      Map<String, Object> values) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            waiting.stepId(),
            decision,
            approver.name(),
            approver.roles(),
            comment,
            workflowId,
            waiting.requestedAt(),
            keyId,
            signedAt,
            null,
            values,
            waiting.roleFor(approver.roles()));
    ApprovalStatement statement =
        unsigned.statementFor(
            workflowId, waiting.stepId(), waiting.requestedAt(), waiting.effect());
    return new ApprovalDecision(
        unsigned.stepId(),
        decision,
        approver.name(),
        approver.roles(),
        comment,
        workflowId,
        waiting.requestedAt(),
        keyId,
        signedAt,
        ApprovalKeys.sign(key, statement),
        values,
        unsigned.role());
  }
}
