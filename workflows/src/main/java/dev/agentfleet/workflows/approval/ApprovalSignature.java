package dev.agentfleet.workflows.approval;

import java.util.List;

/**
 * The signed part of an accepted approval, carried in the action's attestation so a guarded
 * connector can verify the signature itself instead of trusting the workflow. Together with the
 * run's workflow id and the attestation's approver and step it rebuilds the {@link
 * ApprovalStatement} that was signed: an {@code approve}, or an {@code edit} with the SHA-256 of
 * its values.
 *
 * @param requestedAt when the approval request that was decided on was opened
 * @param roles the roles the approver signed with
 * @param commentSha256 the SHA-256 of the comment, or null without comment (the comment itself
 *     stays out of every action request)
 * @param decision {@code approve} or {@code edit}; null (signatures carried before edits existed)
 *     means approve
 * @param valuesSha256 for an edit, the SHA-256 of its values in canonical JSON; null otherwise
 */
public record ApprovalSignature(
    long requestedAt,
    List<String> roles,
    String commentSha256,
    String keyId,
    long signedAt,
    String signature,
    String decision,
    String valuesSha256) {

  public ApprovalSignature {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** The signed part of an approval as proposed. */
  public ApprovalSignature(
      long requestedAt,
      List<String> roles,
      String commentSha256,
      String keyId,
      long signedAt,
      String signature) {
    this(requestedAt, roles, commentSha256, keyId, signedAt, signature, null, null);
  }

  /** The signed part of a decision. */
  public static ApprovalSignature of(ApprovalDecision d) {
    return new ApprovalSignature(
        d.requestedAt(),
        d.roles(),
        ApprovalStatement.commentSha256(d.comment()),
        d.keyId(),
        d.signedAt(),
        d.signature(),
        d.decision(),
        d.values() == null ? null : ApprovalStatement.valuesSha256(d.values()));
  }

  /** The statement an approval of {@code stepId} in {@code workflowId} by the approver signed. */
  public ApprovalStatement statement(String workflowId, String stepId, String approver) {
    return new ApprovalStatement(
        workflowId,
        stepId,
        requestedAt,
        decision == null ? ApprovalDecision.APPROVE : decision,
        approver,
        roles,
        commentSha256,
        signedAt,
        keyId,
        valuesSha256);
  }
}
