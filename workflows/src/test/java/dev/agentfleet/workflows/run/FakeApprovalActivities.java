package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalActivities;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process fake of the approval verifier for workflow unit tests: it trusts one Ed25519 key
 * the test signs with, and checks signatures with the shared {@link ApprovalKeys} primitives over
 * the run's own facts. The worker's real verifier (key files, reload, messages) is tested in the
 * activities module.
 */
final class FakeApprovalActivities implements ApprovalActivities {

  static final String KEY_ID = "test-key";

  final List<ApprovalCheck> checks = new CopyOnWriteArrayList<>();
  private final KeyPair trusted = newKeyPair();

  @Override
  public ApprovalVerdict verify(ApprovalCheck check) {
    checks.add(check);
    ApprovalDecision d = check.decision();
    if (!KEY_ID.equals(d.keyId())) {
      return ApprovalVerdict.refused("unknown key " + d.keyId());
    }
    boolean valid =
        ApprovalKeys.verify(
            trusted.getPublic(),
            d.statementFor(check.workflowId(), check.stepId(), check.requestedAt(), check.effect()),
            d.signature());
    return valid ? ApprovalVerdict.accepted(KEY_ID) : ApprovalVerdict.refused("bad signature");
  }

  /** The public key this fake trusts. */
  java.security.PublicKey trustedKey() {
    return trusted.getPublic();
  }

  /** A decision signed with the trusted key for the request the run waits on. */
  ApprovalDecision sign(
      String workflowId,
      ApprovalRequest waiting,
      String verdict,
      String approver,
      List<String> roles,
      String comment) {
    return signWith(trusted, KEY_ID, workflowId, waiting, verdict, approver, roles, comment);
  }

  /** An edit signed with the trusted key for the request the run waits on. */
  ApprovalDecision signEdit(
      String workflowId,
      ApprovalRequest waiting,
      String approver,
      List<String> roles,
      java.util.Map<String, Object> values) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            waiting.stepId(),
            ApprovalDecision.EDIT,
            approver,
            roles,
            null,
            workflowId,
            waiting.requestedAt(),
            KEY_ID,
            1_700_000_000_000L,
            null,
            values);
    String signature =
        ApprovalKeys.sign(
            trusted.getPrivate(),
            unsigned.statementFor(workflowId, waiting.stepId(), waiting.requestedAt()));
    return new ApprovalDecision(
        unsigned.stepId(),
        ApprovalDecision.EDIT,
        approver,
        roles,
        null,
        workflowId,
        waiting.requestedAt(),
        KEY_ID,
        unsigned.signedAt(),
        signature,
        values);
  }

  static ApprovalDecision signWith(
      KeyPair pair,
      String keyId,
      String workflowId,
      ApprovalRequest waiting,
      String verdict,
      String approver,
      List<String> roles,
      String comment) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            waiting.stepId(),
            verdict,
            approver,
            roles,
            comment,
            workflowId,
            waiting.requestedAt(),
            keyId,
            1_700_000_000_000L,
            null);
    String signature =
        ApprovalKeys.sign(
            pair.getPrivate(),
            unsigned.statementFor(workflowId, waiting.stepId(), waiting.requestedAt()));
    return new ApprovalDecision(
        unsigned.stepId(),
        verdict,
        approver,
        roles,
        comment,
        workflowId,
        waiting.requestedAt(),
        keyId,
        unsigned.signedAt(),
        signature);
  }

  /**
   * A v3 decision signed with the trusted key, as the CLI signs it: bound to the role the approver
   * holds for the request and the effect the request names.
   */
  ApprovalDecision signBound(
      String workflowId,
      ApprovalRequest waiting,
      String verdict,
      String approver,
      List<String> roles) {
    return signBound(workflowId, waiting, verdict, approver, roles, null);
  }

  /** A v3 decision with an edit's values, signed with the trusted key. */
  ApprovalDecision signBound(
      String workflowId,
      ApprovalRequest waiting,
      String verdict,
      String approver,
      List<String> roles,
      java.util.Map<String, Object> values) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            waiting.stepId(),
            verdict,
            approver,
            roles,
            "checked",
            workflowId,
            waiting.requestedAt(),
            KEY_ID,
            1_700_000_000_000L,
            null,
            values,
            waiting.roleFor(roles));
    String signature =
        ApprovalKeys.sign(
            trusted.getPrivate(),
            unsigned.statementFor(
                workflowId, waiting.stepId(), waiting.requestedAt(), waiting.effect()));
    return new ApprovalDecision(
        unsigned.stepId(),
        verdict,
        approver,
        roles,
        "checked",
        workflowId,
        waiting.requestedAt(),
        KEY_ID,
        unsigned.signedAt(),
        signature,
        values,
        unsigned.role());
  }

  /**
   * alice's approval of the request {@code waiting} waits on, billing role, signed by a fresh key
   * that merely claims the trusted key's id: a forgery the verifier refuses.
   */
  static ApprovalDecision forged(RunState waiting) {
    return signWith(
        newKeyPair(),
        KEY_ID,
        waiting.workflowId(),
        waiting.pendingApproval(),
        "approve",
        "alice",
        List.of("billing"),
        null);
  }

  static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
