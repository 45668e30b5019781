package dev.agentfleet.activities.approval;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ProposedEffect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/** An approvers' Ed25519 key pair for tests: signs decisions as the CLI does. */
public final class SigningKeys {

  public final String keyId;
  public final KeyPair pair;

  public SigningKeys(String keyId) {
    this.keyId = keyId;
    try {
      this.pair = KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends this key's public key to a public-keys file, creating it when missing. */
  public SigningKeys trustIn(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(
        file,
        ApprovalKeys.publicKeyLine(keyId, pair.getPublic()) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return this;
  }

  /** A decision on a run's request, signed as the CLI signs it. */
  public ApprovalDecision sign(
      String workflowId,
      String stepId,
      long requestedAt,
      String decision,
      String approver,
      List<String> roles,
      String comment) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            stepId,
            decision,
            approver,
            roles,
            comment,
            workflowId,
            requestedAt,
            keyId,
            1_740_000_000_000L,
            null);
    return withSignature(
        unsigned,
        ApprovalKeys.sign(
            pair.getPrivate(), unsigned.statementFor(workflowId, stepId, requestedAt)));
  }

  /** An edit decision on a run's request with its edited values, signed as the CLI signs it. */
  public ApprovalDecision signEdit(
      String workflowId,
      String stepId,
      long requestedAt,
      String approver,
      List<String> roles,
      Map<String, Object> values) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            stepId,
            ApprovalDecision.EDIT,
            approver,
            roles,
            "edited",
            workflowId,
            requestedAt,
            keyId,
            1_740_000_000_000L,
            null,
            values);
    return withSignature(
        unsigned,
        ApprovalKeys.sign(
            pair.getPrivate(), unsigned.statementFor(workflowId, stepId, requestedAt)));
  }

  /** The attestation a run builds from an approval signed with this key. */
  public Attestation approval(String workflowId, String approver, List<String> roles) {
    ApprovalDecision signed =
        sign(workflowId, "billing_approval", 1_739_999_000_000L, "approve", approver, roles, "ok");
    return Attestation.human(signed, "billing_approval", "def1", 1_740_000_001_000L);
  }

  public static ApprovalDecision withSignature(ApprovalDecision d, String signature) {
    return new ApprovalDecision(
        d.stepId(),
        d.decision(),
        d.approver(),
        d.roles(),
        d.comment(),
        d.workflowId(),
        d.requestedAt(),
        d.keyId(),
        d.signedAt(),
        signature,
        d.values(),
        d.role());
  }

  /**
   * A v3 decision: signed in {@code role} for a request whose approval leads to {@code effect}, as
   * the CLI signs it.
   */
  public ApprovalDecision signBound(
      String workflowId,
      String stepId,
      long requestedAt,
      String decision,
      String approver,
      List<String> roles,
      String role,
      ProposedEffect effect,
      Map<String, Object> values) {
    ApprovalDecision unsigned =
        new ApprovalDecision(
            stepId,
            decision,
            approver,
            roles,
            "ok",
            workflowId,
            requestedAt,
            keyId,
            1_740_000_000_000L,
            null,
            values,
            role);
    return withSignature(
        unsigned,
        ApprovalKeys.sign(
            pair.getPrivate(), unsigned.statementFor(workflowId, stepId, requestedAt, effect)));
  }

  /**
   * The attestation a run builds from a v3 approval of {@code stepId}, signed in {@code role}, of a
   * request that led to {@code effect}.
   */
  public Attestation boundApproval(
      String workflowId,
      String stepId,
      String approver,
      List<String> roles,
      String role,
      ProposedEffect effect) {
    ApprovalDecision signed =
        signBound(
            workflowId,
            stepId,
            1_739_999_000_000L,
            ApprovalDecision.APPROVE,
            approver,
            roles,
            role,
            effect,
            null);
    return Attestation.human(signed, stepId, "def1", 1_740_000_001_000L, effect);
  }
}
