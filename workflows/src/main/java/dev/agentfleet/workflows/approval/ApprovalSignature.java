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
 * @param role for a v3 signature, the role the approver held for the request; null for v1 and v2
 * @param effect for a v3 signature, the effect it authorises (edits applied); null otherwise
 */
public record ApprovalSignature(
    long requestedAt,
    List<String> roles,
    String commentSha256,
    String keyId,
    long signedAt,
    String signature,
    String decision,
    String valuesSha256,
    String role,
    ProposedEffect effect) {

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
    this(requestedAt, roles, commentSha256, keyId, signedAt, signature, null, null, null, null);
  }

  /** The signed part of a v1 or v2 decision: no role, no effect. */
  public ApprovalSignature(
      long requestedAt,
      List<String> roles,
      String commentSha256,
      String keyId,
      long signedAt,
      String signature,
      String decision,
      String valuesSha256) {
    this(
        requestedAt,
        roles,
        commentSha256,
        keyId,
        signedAt,
        signature,
        decision,
        valuesSha256,
        null,
        null);
  }

  /** The signed part of a decision, without an effect. */
  public static ApprovalSignature of(ApprovalDecision d) {
    return of(d, null);
  }

  /**
   * The signed part of a decision on an approval that leads to {@code proposed}, as the run
   * computed it; a v3 decision carries the effect it authorises (an edit's amount and currency
   * applied).
   */
  public static ApprovalSignature of(ApprovalDecision d, ProposedEffect proposed) {
    return new ApprovalSignature(
        d.requestedAt(),
        d.roles(),
        ApprovalStatement.commentSha256(d.comment()),
        d.keyId(),
        d.signedAt(),
        d.signature(),
        d.decision(),
        d.values() == null ? null : ApprovalStatement.valuesSha256(d.values()),
        d.role(),
        d.role() == null ? null : d.effectOf(proposed));
  }

  /** True for a v3 signature: bound to one role and one effect. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean bound() {
    return role != null;
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
        valuesSha256,
        role,
        role == null ? null : effect);
  }
}
