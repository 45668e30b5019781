package dev.agentfleet.workflows.approval;

/**
 * The outcome of verifying a signed decision.
 *
 * @param keyId the key that signed it, when valid
 * @param reason why it is not valid, for the run's record and the approver; null when valid
 */
public record ApprovalVerdict(boolean valid, String keyId, String reason) {

  public static ApprovalVerdict accepted(String keyId) {
    return new ApprovalVerdict(true, keyId, null);
  }

  public static ApprovalVerdict refused(String reason) {
    return new ApprovalVerdict(false, null, reason);
  }
}
