package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalStatement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approvers' Ed25519 key pair on disk. The private key ({@code
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

  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private final FleetPaths paths;
  private final Path signingKey;
  private final Path publicKeys;
  private final String configuredKeyId;

  public ApprovalKeyFiles(FleetPaths paths, Map<String, String> env) {
    this.paths = paths;
    Path keys = paths.home().resolve("keys");
    this.signingKey = setting(paths, env.get(SIGNING_KEY_VAR), keys.resolve("approvals.key"));
    this.publicKeys = setting(paths, env.get(PUBLIC_KEYS_VAR), keys.resolve("approvals.pub"));
    String id = env.get(KEY_ID_VAR);
    this.configuredKeyId = id == null || id.isBlank() ? null : id.strip();
  }

  public Path signingKey() {
    return signingKey;
  }

  public Path publicKeys() {
    return publicKeys;
  }

  /**
   * Creates the key pair when there is no signing key yet: the private key with mode 600 (created
   * exclusively, so two processes never overwrite each other's), its public key appended to the
   * public-keys list.
   *
   * @return the new key's id, or empty when a signing key was already there
   */
  public Optional<String> ensure() {
    if (Files.exists(signingKey)) {
      return Optional.empty();
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new FleetException("this JDK cannot create Ed25519 keys: " + e.getMessage());
    }
    String keyId = configuredKeyId != null ? configuredKeyId : ApprovalKeys.keyId(pair.getPublic());
    try {
      createPrivate(pem(pair.getPrivate()));
    } catch (FileAlreadyExistsException raced) {
      return Optional.empty();
    } catch (IOException e) {
      throw new FleetException(
          "cannot write the approval signing key " + paths.show(signingKey) + ": " + e);
    }
    try {
      appendPublic(ApprovalKeys.publicKeyLine(keyId, pair.getPublic()));
    } catch (IOException e) {
      throw new FleetException(
          "cannot add the approval public key to " + paths.show(publicKeys) + ": " + e);
    }
    return Optional.of(keyId);
  }

  /** The signer for the existing signing key; fails with what to do when it cannot be used. */
  public ApprovalSigner signer() {
    PrivateKey key = readPrivate();
    return new ApprovalSigner(key, configuredKeyId != null ? configuredKeyId : listedKeyId(key));
  }

  private PrivateKey readPrivate() {
    String text;
    try {
      text = Files.readString(signingKey, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FleetException(
          "cannot read the approval signing key "
              + paths.show(signingKey)
              + " ("
              + e.getMessage()
              + ") — run ./fleet up to create one, or set "
              + SIGNING_KEY_VAR);
    }
    int begin = text.indexOf(PEM_BEGIN);
    int end = text.indexOf(PEM_END);
    String body =
        begin >= 0 && end > begin ? text.substring(begin + PEM_BEGIN.length(), end) : text;
    try {
      byte[] der = Base64.getMimeDecoder().decode(body.strip());
      return KeyFactory.getInstance(ApprovalKeys.ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new FleetException(
          paths.show(signingKey)
              + " is not a PKCS#8 Ed25519 private key (PEM) — delete it and run ./fleet up to"
              + " create a new pair");
    }
  }

  /** The id the public-keys list gives the signing key's public key: the one its signature fits. */
  private String listedKeyId(PrivateKey key) {
    Map<String, PublicKey> listed;
    try {
      listed =
          ApprovalKeys.parsePublicKeys(
              Files.readString(publicKeys, StandardCharsets.UTF_8), paths.show(publicKeys));
    } catch (IOException e) {
      throw new FleetException(
          "cannot read the approval public keys "
              + paths.show(publicKeys)
              + " to find the signing key's id ("
              + e.getMessage()
              + ") — set "
              + KEY_ID_VAR
              + " or "
              + PUBLIC_KEYS_VAR);
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage());
    }
    ApprovalStatement probe =
        new ApprovalStatement("probe", "probe", 0, "probe", "probe", List.of(), null, 0, "probe");
    String signature = ApprovalKeys.sign(key, probe);
    return listed.entrySet().stream()
        .filter(e -> ApprovalKeys.verify(e.getValue(), probe, signature))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(
            () ->
                new FleetException(
                    "the public key of "
                        + paths.show(signingKey)
                        + " is not listed in "
                        + paths.show(publicKeys)
                        + ", so the workers would refuse its signatures — add it there, or delete"
                        + " both files and run ./fleet up to create a new pair"));
  }

  private void createPrivate(String pem) throws IOException {
    Path dir = signingKey.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (SeekableByteChannel out =
        Files.newByteChannel(
            signingKey,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            attributes)) {
      ByteBuffer bytes = ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    }
  }

  private void appendPublic(String line) throws IOException {
    Files.createDirectories(publicKeys.getParent());
    String text;
    if (Files.exists(publicKeys)) {
      String existing = Files.readString(publicKeys, StandardCharsets.UTF_8);
      text = (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + line + "\n";
    } else {
      text =
          "# Approval public keys the fleet's workers trust: KEY_ID BASE64_X509_ED25519\n"
              + line
              + "\n";
    }
    Files.writeString(
        publicKeys,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  private static String pem(PrivateKey key) {
    return PEM_BEGIN
        + "\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n"
        + PEM_END
        + "\n";
  }

  private static Path setting(FleetPaths paths, String value, Path fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return paths.repo().resolve(value.strip()).toAbsolutePath().normalize();
  }
}
