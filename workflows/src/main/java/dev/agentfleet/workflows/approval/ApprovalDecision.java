package dev.agentfleet.workflows.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * A human decision, sent as the {@code decide} signal. The approvers' side (the CLI, the admin
 * page) signs it with its Ed25519 key over the {@link ApprovalStatement} of its fields; the run
 * accepts it only once the execution plane has verified that signature. A decision sent any other
 * way (a raw {@code temporal workflow signal}) has no signature and is refused.
 *
 * @param stepId the approval step decided on; null means "the one waiting now"
 * @param decision {@code approve}, {@code reject} or {@code edit}
 * @param approver who decided
 * @param roles the roles the approver holds, as the approvers' side looked them up
 * @param workflowId the run the decision was signed for; null when unsigned
 * @param requestedAt when the approval decided on was opened (workflow time, epoch ms), which binds
 *     the signature to one request of the step; 0 when unsigned
 * @param keyId the signing key's id; null when unsigned
 * @param signedAt when the approvers' side signed it (its clock, epoch ms); 0 when unsigned
 * @param signature base64 Ed25519 signature of the statement; null when unsigned
 * @param values an edit's values, which overlay the output of the step the approval lets approvers
 *     edit; null for approve and reject
 * @param role the one role the approver held for this request (one of {@code roles} that may decide
 *     it); a decision that names it is signed as a v3 statement, bound to that role and to the
 *     effect the approval leads to. Null for decisions signed before (v1, v2)
 * @param unreadable why the signal's payload did not read as a decision (a field of the wrong type,
 *     not a JSON object); null for a decision that read. Set only by {@link
 *     ApprovalDecisionReader}, never sent: a malformed signal still reaches the run, which records
 *     it as ignored with this reason instead of the SDK dropping it with a log line.
 */
@JsonDeserialize(using = ApprovalDecisionReader.class)
public record ApprovalDecision(
    String stepId,
    String decision,
    String approver,
    List<String> roles,
    String comment,
    String workflowId,
    long requestedAt,
    String keyId,
    long signedAt,
    String signature,
    Map<String, Object> values,
    String role,
    @JsonIgnore String unreadable) {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String EDIT = "edit";

  public ApprovalDecision {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** A decision that read (see {@link #unreadable}), signed for {@code role} (v3) or not. */
  public ApprovalDecision(
      String stepId,
      String decision,
      String approver,
      List<String> roles,
      String comment,
      String workflowId,
      long requestedAt,
      String keyId,
      long signedAt,
      String signature,
      Map<String, Object> values,
      String role) {
    this(
        stepId,
        decision,
        approver,
        roles,
        comment,
        workflowId,
        requestedAt,
        keyId,
        signedAt,
        signature,
        values,
        role,
        null);
  }

  /** A decision signed as a v1 or v2 statement: no role, no effect. */
  public ApprovalDecision(
      String stepId,
      String decision,
      String approver,
      List<String> roles,
      String comment,
      String workflowId,
      long requestedAt,
      String keyId,
      long signedAt,
      String signature,
      Map<String, Object> values) {
    this(
        stepId,
        decision,
        approver,
        roles,
        comment,
        workflowId,
        requestedAt,
        keyId,
        signedAt,
        signature,
        values,
        null);
  }

  /** A signed approve or reject decision: no edited values. */
  public ApprovalDecision(
      String stepId,
      String decision,
      String approver,
      List<String> roles,
      String comment,
      String workflowId,
      long requestedAt,
      String keyId,
      long signedAt,
      String signature) {
    this(
        stepId,
        decision,
        approver,
        roles,
        comment,
        workflowId,
        requestedAt,
        keyId,
        signedAt,
        signature,
        null);
  }

  /** An unsigned decision, as a raw signal carries it; the run refuses it. */
  public ApprovalDecision(
      String stepId, String decision, String approver, List<String> roles, String comment) {
    this(stepId, decision, approver, roles, comment, null, 0, null, 0, null, null, null, null);
  }

  /** True for an approval as proposed or as edited: the run goes ahead. */
  @JsonIgnore
  public boolean goesAhead() {
    return APPROVE.equals(decision) || EDIT.equals(decision);
  }

  /** True when the decision carries a signature (not yet verified). */
  @JsonIgnore
  public boolean hasSignature() {
    return signature != null && !signature.isBlank();
  }

  /**
   * The statement this decision would have to be a signature of, were it made for the given run and
   * approval request, leading to no effect. The verifier uses the run's own values, not the ones
   * the decision claims.
   */
  public ApprovalStatement statementFor(
      String runWorkflowId, String runStepId, long runRequestedAt) {
    return statementFor(runWorkflowId, runStepId, runRequestedAt, null);
  }

  /**
   * The statement this decision would have to be a signature of, were it made for the given run and
   * approval request whose approval leads to {@code runEffect} (as the run computed it; an edit's
   * amount and currency apply on top). A decision without a role is a v1 or v2 statement, which
   * covers no effect.
   */
  public ApprovalStatement statementFor(
      String runWorkflowId, String runStepId, long runRequestedAt, ProposedEffect runEffect) {
    return new ApprovalStatement(
        runWorkflowId,
        runStepId,
        runRequestedAt,
        decision,
        approver,
        roles,
        ApprovalStatement.commentSha256(comment),
        signedAt,
        keyId,
        values == null ? null : ApprovalStatement.valuesSha256(values),
        role,
        role == null ? null : effectOf(runEffect));
  }

  /** The effect this decision authorises when the approval leads to {@code proposed}. */
  public ProposedEffect effectOf(ProposedEffect proposed) {
    if (proposed == null) {
      return null;
    }
    return EDIT.equals(decision) ? proposed.withEdit(values) : proposed;
  }
}
