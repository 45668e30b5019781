package dev.agentfleet.activities.approval;

import dev.agentfleet.activities.model.ContractValidator;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalSignature;
import dev.agentfleet.workflows.approval.ApprovalStatement;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Checks approval signatures against the trusted public keys: a decision a run received, before the
 * run accepts it, and the attestation a guarded connector is handed, before it acts. The statement
 * is always rebuilt from the receiver's own facts (this run's id, the waiting step and when it was
 * requested), so a signature made for another run, another step or an earlier request of the same
 * step does not verify, whatever the decision claims. A decision that names the role it was made in
 * is a v3 statement, bound to that role and to the effect the run says the approval leads to
 * ({@link ApprovalCheck#effect()}); its signature fails for any other effect.
 */
public final class ApprovalVerifier {

  private final ApprovalKeyRing keys;
  private final EditValues edits = new EditValues(new ContractValidator());

  public ApprovalVerifier(ApprovalKeyRing keys) {
    this.keys = keys;
  }

  /** The key ring, for logs. */
  public ApprovalKeyRing keys() {
    return keys;
  }

  /**
   * Verifies a decision offered to a run's waiting approval. An {@code edit} must also carry values
   * that satisfy the step's edit schema; otherwise it is refused with the failing fields named, and
   * the approval stays open for a corrected edit.
   */
  public ApprovalVerdict verify(ApprovalCheck check) {
    ApprovalDecision d = check.decision();
    if (d == null || !d.hasSignature()) {
      return ApprovalVerdict.refused("the decision carries no signature");
    }
    if (d.workflowId() != null && !d.workflowId().equals(check.workflowId())) {
      return ApprovalVerdict.refused(
          "signed for run " + d.workflowId() + ", not for " + check.workflowId());
    }
    if (d.stepId() != null && !d.stepId().equals(check.stepId())) {
      return ApprovalVerdict.refused(
          "signed for step " + d.stepId() + ", but " + check.stepId() + " is waiting");
    }
    if (d.requestedAt() != 0 && d.requestedAt() != check.requestedAt()) {
      return ApprovalVerdict.refused(
          "signed for an earlier request of step "
              + check.stepId()
              + " (requested at "
              + d.requestedAt()
              + ", the waiting one at "
              + check.requestedAt()
              + ")");
    }
    if (d.role() != null && !d.roles().contains(d.role())) {
      return ApprovalVerdict.refused(
          "signed in role '"
              + d.role()
              + "', which "
              + d.approver()
              + " does not hold "
              + d.roles());
    }
    ApprovalStatement statement =
        d.statementFor(check.workflowId(), check.stepId(), check.requestedAt(), check.effect());
    Optional<String> problem = verifySignature(statement, d.signature());
    if (problem.isEmpty() && ApprovalDecision.EDIT.equals(d.decision())) {
      problem = edits.problem(check.editSchema(), d.values());
    }
    return problem
        .map(ApprovalVerdict::refused)
        .orElseGet(() -> ApprovalVerdict.accepted(d.keyId()));
  }

  /**
   * Why a human attestation does not prove an approval of an action in {@code workflowId}; empty
   * when its signature verifies. Rule and none attestations are not this method's business.
   */
  public Optional<String> humanAttestationProblem(Attestation a, String workflowId) {
    ApprovalSignature signed = a.signature();
    if (signed == null || signed.signature() == null || signed.signature().isBlank()) {
      return Optional.of(
          "the approval by " + a.principal() + " carries no signature, so it proves nothing");
    }
    if (signed.bound() && !signed.roles().contains(signed.role())) {
      return Optional.of(
          "the approval by "
              + a.principal()
              + " names role '"
              + signed.role()
              + "', not one of "
              + signed.roles());
    }
    return verifySignature(
            signed.statement(workflowId, a.stepId(), a.principal()), signed.signature())
        .map(
            problem ->
                "the approval by "
                    + a.principal()
                    + " of step "
                    + a.stepId()
                    + " does not verify for run "
                    + workflowId
                    + ": "
                    + problem);
  }

  private Optional<String> verifySignature(ApprovalStatement statement, String signature) {
    if (statement.keyId() == null || statement.keyId().isBlank()) {
      return Optional.of("the signature names no key");
    }
    Optional<PublicKey> key = keys.find(statement.keyId());
    if (key.isEmpty()) {
      return Optional.of(
          keys.problem()
              .orElse(
                  "signed with key '"
                      + statement.keyId()
                      + "', which is not among the trusted keys "
                      + keys.keys().keySet()
                      + " in "
                      + keys.source()));
    }
    if (!ApprovalKeys.verify(key.get(), statement, signature)) {
      return Optional.of(
          "the signature does not match the decision (altered after signing, or signed for"
              + " another run, step or request)");
    }
    return Optional.empty();
  }
}
