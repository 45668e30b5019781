package dev.agentfleet.workflows.action;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalSignature;

/**
 * Why an action is allowed: a human approval or a policy rule. It is built by the workflow from its
 * own approval state; a model output never becomes an attestation.
 *
 * <p>A human attestation carries the approver's signed decision, so a guarded connector verifies
 * the signature with the workers' public keys before it acts, rather than trusting whoever built
 * the request. A rule attestation carries the rule's name and the playbook version that defines it.
 *
 * @param kind {@code human}, {@code rule} or {@code none}
 * @param principal the approver's name for {@code human}, the rule's name for {@code rule}
 * @param stepId the approval or route step that produced it
 * @param definitionHash the playbook version whose rule or approval step it is
 * @param at workflow time of the decision, epoch milliseconds
 * @param signature for {@code human}: the signed part of the approver's decision; null for rules,
 *     and for approvals accepted by runs started before approvals were signed (connectors that
 *     guard their action refuse those)
 */
public record Attestation(
    String kind,
    String principal,
    String stepId,
    String definitionHash,
    long at,
    ApprovalSignature signature) {

  public static final String HUMAN = "human";
  public static final String RULE = "rule";
  public static final String NONE = "none";

  /** An attestation without signature: a rule, none, or an unsigned human claim. */
  public Attestation(String kind, String principal, String stepId, String definitionHash, long at) {
    this(kind, principal, stepId, definitionHash, at, null);
  }

  public static Attestation none() {
    return new Attestation(NONE, null, null, null, 0);
  }

  /** The attestation of an accepted human approval, with its signature when it has one. */
  public static Attestation human(
      ApprovalDecision decision, String stepId, String definitionHash, long at) {
    return human(decision, stepId, definitionHash, at, null);
  }

  /**
   * The attestation of an accepted human approval of a request that led to {@code effect} (as the
   * run computed it when it opened the approval); a v3 signature carries that effect, so the
   * connector rebuilds exactly what the approver signed.
   */
  public static Attestation human(
      ApprovalDecision decision,
      String stepId,
      String definitionHash,
      long at,
      dev.agentfleet.workflows.approval.ProposedEffect effect) {
    return new Attestation(
        HUMAN,
        decision.approver(),
        stepId,
        definitionHash,
        at,
        decision.hasSignature() ? ApprovalSignature.of(decision, effect) : null);
  }

  /** True for a human approval with a named approver (whose signature is still to be verified). */
  @JsonIgnore
  public boolean isHuman() {
    return HUMAN.equals(kind) && principal != null && !principal.isBlank();
  }
}
