package dev.agentfleet.starter.local;

import dev.agentfleet.starter.approvers.ApprovalSigner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The approvers' Ed25519 key pair on disk (an {@link Ed25519KeyFiles}). The private key ({@code
 * FLEET_APPROVAL_SIGNING_KEY_FILE}, default {@code $FLEET_HOME/keys/approvals.key}, PKCS#8 PEM,
 * mode 600) stays with the approvers' side; the workers trust the public keys listed in {@code
 * FLEET_APPROVAL_PUBLIC_KEYS} (default {@code $FLEET_HOME/keys/approvals.pub}, one {@code KEY_ID
 * BASE64_X509} line per key). {@code ./fleet up}, and the first decision made without a key, create
 * the pair and add its public key to that list. The signing key's id is {@code
 * FLEET_APPROVAL_KEY_ID} when set, else the id the list gives its public key.
 */
public final class ApprovalKeyFiles {

  public static final String SIGNING_KEY_VAR = "FLEET_APPROVAL_SIGNING_KEY_FILE";
  public static final String PUBLIC_KEYS_VAR = "FLEET_APPROVAL_PUBLIC_KEYS";
  public static final String KEY_ID_VAR = "FLEET_APPROVAL_KEY_ID";

  private static final Ed25519KeyFiles.Names NAMES =
      new Ed25519KeyFiles.Names(
          "approval",
          SIGNING_KEY_VAR,
          PUBLIC_KEYS_VAR,
          KEY_ID_VAR,
          "approvals",
          "run ./fleet up to create one");

  private final Ed25519KeyFiles files;

  public ApprovalKeyFiles(FleetPaths paths, Map<String, String> env) {
    this.files = new Ed25519KeyFiles(NAMES, paths, env);
  }

  public Path signingKey() {
    return files.signingKey();
  }

  public Path publicKeys() {
    return files.publicKeys();
  }

  /**
   * Creates the key pair when there is no signing key yet (see {@link Ed25519KeyFiles#ensure}).
   *
   * @return the new key's id, or empty when a signing key was already there
   */
  public Optional<String> ensure() {
    return files.ensure();
  }

  /** The signer for the existing signing key; fails with what to do when it cannot be used. */
  public ApprovalSigner signer() {
    return new ApprovalSigner(files.privateKey(), files.keyId());
  }
}
