package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.approval.ApprovalDecision;

/**
 * How a person answered an approval the {@link ApprovalGate} waited for; the caller decides what
 * each answer leads to (an approval step's {@code onApprove}, {@code onEdit} or {@code onReject}; a
 * failure review's retry or stop; an agent's tool call run or refused).
 */
public enum ApprovalAnswer {
  APPROVED("approved"),
  EDITED("edited"),
  REJECTED("rejected");

  private final String wireName;

  ApprovalAnswer(String wireName) {
    this.wireName = wireName;
  }

  /** The answer to an accepted decision signal. */
  static ApprovalAnswer of(ApprovalDecision decision) {
    return switch (decision.decision()) {
      case ApprovalDecision.APPROVE -> APPROVED;
      case ApprovalDecision.EDIT -> EDITED;
      default -> REJECTED;
    };
  }

  /** True when the proposal goes ahead, as proposed or as edited. */
  public boolean goesAhead() {
    return this != REJECTED;
  }

  /** The name the run's step and approval records use. */
  public String wireName() {
    return wireName;
  }
}
