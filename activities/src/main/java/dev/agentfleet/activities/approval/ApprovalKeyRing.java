package dev.agentfleet.activities.approval;

import dev.agentfleet.workflows.approval.ApprovalKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The approval public keys a worker trusts, read from a public-keys file ({@code KEY_ID
 * BASE64_X509} lines, see {@link ApprovalKeys}). The file is read again whenever it changes, so a
 * key added (or revoked) while workers run takes effect without a restart, and a worker started
 * before the file existed picks it up once it appears. A worker holds public keys only: it can
 * check an approval, never make one.
 */
public final class ApprovalKeyRing {

  /** The keys as read at one moment, or why they could not be. */
  private record Snapshot(
      Object fileKey, long modified, long size, Map<String, PublicKey> keys, String problem) {}

  private final Path file;
  private final Map<String, PublicKey> fixed;
  private final String what;
  private final String missingHint;
  private Snapshot snapshot;

  private ApprovalKeyRing(Path file, Map<String, PublicKey> fixed, String what, String hint) {
    this.file = file;
    this.fixed = fixed;
    this.what = what;
    this.missingHint = hint;
  }

  /** The keys listed in a file, re-read when it changes; a missing file trusts no key. */
  public static ApprovalKeyRing fromFile(Path file) {
    return fromFile(
        file,
        "approval public keys",
        "./fleet up creates the fleet's key pair, or point FLEET_APPROVAL_PUBLIC_KEYS at the"
            + " approvers' public keys");
  }

  /**
   * Public keys of another purpose in the same file format (the release keys that sign published
   * definitions, say), re-read when the file changes.
   *
   * @param what names the keys in messages ("release public keys")
   * @param missingHint what to do when the file does not exist
   */
  public static ApprovalKeyRing fromFile(Path file, String what, String missingHint) {
    return new ApprovalKeyRing(file.toAbsolutePath(), null, what, missingHint);
  }

  /** A fixed set of keys, for embedding and tests. */
  public static ApprovalKeyRing of(Map<String, PublicKey> keys) {
    return new ApprovalKeyRing(null, Map.copyOf(keys), "approval public keys", null);
  }

  /** The key with this id, if trusted. */
  public Optional<PublicKey> find(String keyId) {
    return Optional.ofNullable(keys().get(keyId));
  }

  /**
   * Why no key can be trusted now (the file is missing, unreadable or malformed), with what to do;
   * empty when the keys were read.
   */
  public Optional<String> problem() {
    return Optional.ofNullable(current().problem());
  }

  /** The trusted keys by id, in file order; empty while {@link #problem()} says why. */
  public Map<String, PublicKey> keys() {
    return fixed != null ? fixed : current().keys();
  }

  /** Where the keys come from, for logs and messages. */
  public String source() {
    return file == null ? "the worker's configured keys" : file.toString();
  }

  private synchronized Snapshot current() {
    if (fixed != null) {
      return new Snapshot(null, 0, 0, fixed, null);
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      snapshot =
          new Snapshot(null, -1, -1, Map.of(), "no " + what + " at " + file + " — " + missingHint);
      return snapshot;
    } catch (IOException e) {
      return unreadable(e);
    }
    long modified = attributes.lastModifiedTime().toMillis();
    if (snapshot != null
        && snapshot.modified() == modified
        && snapshot.size() == attributes.size()
        && Objects.equals(snapshot.fileKey(), attributes.fileKey())) {
      return snapshot;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Map<String, PublicKey> keys = ApprovalKeys.parsePublicKeys(text, file.toString());
      snapshot =
          new Snapshot(
              attributes.fileKey(),
              modified,
              attributes.size(),
              keys,
              keys.isEmpty() ? file + " lists no " + what : null);
    } catch (IOException e) {
      return unreadable(e);
    } catch (IllegalArgumentException e) {
      snapshot =
          new Snapshot(attributes.fileKey(), modified, attributes.size(), Map.of(), e.getMessage());
    }
    return snapshot;
  }

  private Snapshot unreadable(IOException e) {
    snapshot =
        new Snapshot(null, -1, -1, Map.of(), "cannot read " + what + " at " + file + ": " + e);
    return snapshot;
  }
}
