package dev.agentfleet.activities.approval;

import dev.agentfleet.workflows.approval.ApprovalActivities;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies signed decisions for the runs, with the public keys this worker trusts. Logs the run,
 * step, approver, key id and verdict; never the signature or the comment.
 */
public final class ApprovalActivitiesImpl implements ApprovalActivities {

  private static final Logger log = LoggerFactory.getLogger(ApprovalActivitiesImpl.class);

  private final ApprovalVerifier verifier;

  public ApprovalActivitiesImpl(ApprovalVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public ApprovalVerdict verify(ApprovalCheck check) {
    ApprovalVerdict verdict = verifier.verify(check);
    String approver = check.decision() == null ? null : check.decision().approver();
    String keyId = check.decision() == null ? null : check.decision().keyId();
    if (verdict.valid()) {
      log.info(
          "approval of {} {} by {} verified (key {})",
          check.workflowId(),
          check.stepId(),
          approver,
          keyId);
    } else {
      log.warn(
          "approval of {} {} by {} refused (key {}): {}",
          check.workflowId(),
          check.stepId(),
          approver,
          keyId,
          verdict.reason());
    }
    return verdict;
  }
}
