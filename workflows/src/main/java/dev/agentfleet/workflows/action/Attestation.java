package dev.agentfleet.workflows.action;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Why an action is allowed: a human approval or a policy rule. It is built by the workflow from its
 * own approval state; a model output never becomes an attestation.
 *
 * @param kind {@code human}, {@code rule} or {@code none}
 * @param principal the approver's name for {@code human}, the rule's name for {@code rule}
 * @param stepId the approval or route step that produced it
 * @param definitionHash the playbook version whose rule or approval step it is
 * @param at workflow time of the decision, epoch milliseconds
 */
public record Attestation(
    String kind, String principal, String stepId, String definitionHash, long at) {

  public static final String HUMAN = "human";
  public static final String RULE = "rule";
  public static final String NONE = "none";

  public static Attestation none() {
    return new Attestation(NONE, null, null, null, 0);
  }

  /** True for a human approval with a named approver. */
  @JsonIgnore
  public boolean isHuman() {
    return HUMAN.equals(kind) && principal != null && !principal.isBlank();
  }
}
