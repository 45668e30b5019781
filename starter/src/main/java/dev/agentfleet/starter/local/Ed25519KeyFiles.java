package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.approval.ApprovalKeys;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One of the fleet's Ed25519 key pairs on disk: the private key (PKCS#8 PEM, mode 600, created
 * exclusively) stays with the side that signs; the workers trust the public keys listed in a
 * public-keys file (one {@code KEY_ID BASE64_X509} line per key, see {@link ApprovalKeys}). The
 * approvers' pair signs decisions ({@link ApprovalKeyFiles}); the release pair signs published
 * definitions ({@link #release}). The signing key's id is the configured one when set, else the id
 * the list gives its public key.
 */
public final class Ed25519KeyFiles {

  /**
   * What a pair is called and where it lives.
   *
   * @param what names the pair in messages ("approval", "release")
   * @param signingKeyVar the variable naming the private key file
   * @param publicKeysVar the variable naming the public-keys file
   * @param keyIdVar the variable that sets the signing key's id
   * @param baseName the files' name under {@code $FLEET_HOME/keys}: {@code NAME.key}, {@code
   *     NAME.pub}
   * @param createdBy what creates the pair, for messages ("run ./fleet up")
   */
  public record Names(
      String what,
      String signingKeyVar,
      String publicKeysVar,
      String keyIdVar,
      String baseName,
      String createdBy) {}

  /** The release pair, whose signatures make a published definition trusted by the workers. */
  public static final Names RELEASE =
      new Names(
          "release",
          "FLEET_RELEASE_SIGNING_KEY_FILE",
          "FLEET_RELEASE_PUBLIC_KEYS",
          "FLEET_RELEASE_KEY_ID",
          "release",
          "run ./fleet agents publish, which creates one");

  private static final byte[] PROBE =
      "agent-fleet/key-probe/v1\n".getBytes(StandardCharsets.US_ASCII);

  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private final Names names;
  private final FleetPaths paths;
  private final Path signingKey;
  private final Path publicKeys;
  private final String configuredKeyId;

  public Ed25519KeyFiles(Names names, FleetPaths paths, Map<String, String> env) {
    this.names = names;
    this.paths = paths;
    Path keys = paths.home().resolve("keys");
    this.signingKey =
        setting(paths, env.get(names.signingKeyVar()), keys.resolve(names.baseName() + ".key"));
    this.publicKeys =
        setting(paths, env.get(names.publicKeysVar()), keys.resolve(names.baseName() + ".pub"));
    String id = env.get(names.keyIdVar());
    this.configuredKeyId = id == null || id.isBlank() ? null : id.strip();
  }

  /** The release key files under the fleet home, or where the environment names them. */
  public static Ed25519KeyFiles release(FleetPaths paths, Map<String, String> env) {
    return new Ed25519KeyFiles(RELEASE, paths, env);
  }

  /** The id of the existing signing key (configured, else as the public-keys list gives it). */
  public String keyId() {
    PrivateKey key = privateKey();
    return configuredKeyId != null ? configuredKeyId : listedKeyId(key);
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
          "cannot write the " + names.what() + " signing key " + paths.show(signingKey) + ": " + e);
    }
    try {
      appendPublic(ApprovalKeys.publicKeyLine(keyId, pair.getPublic()));
    } catch (IOException e) {
      throw new FleetException(
          "cannot add the " + names.what() + " public key to " + paths.show(publicKeys) + ": " + e);
    }
    return Optional.of(keyId);
  }

  /** The existing signing key; fails with what to do when it cannot be used. */
  public PrivateKey privateKey() {
    String text;
    try {
      text = Files.readString(signingKey, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FleetException(
          "cannot read the "
              + names.what()
              + " signing key "
              + paths.show(signingKey)
              + " ("
              + e.getMessage()
              + ") — "
              + names.createdBy()
              + ", or set "
              + names.signingKeyVar());
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
              + " is not a PKCS#8 Ed25519 private key (PEM) — delete it and "
              + names.createdBy());
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
          "cannot read the "
              + names.what()
              + " public keys "
              + paths.show(publicKeys)
              + " to find the signing key's id ("
              + e.getMessage()
              + ") — set "
              + names.keyIdVar()
              + " or "
              + names.publicKeysVar());
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage());
    }
    String signature = ApprovalKeys.sign(key, PROBE);
    return listed.entrySet().stream()
        .filter(e -> ApprovalKeys.verify(e.getValue(), PROBE, signature))
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
                        + " both files and "
                        + names.createdBy()));
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
          "# "
              + Character.toUpperCase(names.what().charAt(0))
              + names.what().substring(1)
              + " public keys the fleet's workers trust: KEY_ID BASE64_X509_ED25519\n"
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
