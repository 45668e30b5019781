package dev.agentfleet.workflows.approval;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ed25519 signing and verification of {@link ApprovalStatement}s, and the public-keys file format,
 * shared by the approvers' side (which signs) and the execution plane (which verifies). Pure
 * computation on keys handed in: reading key files is the caller's business, and workflow code
 * never calls this (keys stay out of the decision plane and its history).
 *
 * <p>The public-keys file lists one trusted key per line, {@code KEY_ID BASE64_X509}; blank lines
 * and lines starting with {@code #} are ignored. A key id is chosen freely; {@link #keyId} gives
 * the fingerprint the fleet uses for keys it creates.
 */
public final class ApprovalKeys {

  public static final String ALGORITHM = "Ed25519";

  private ApprovalKeys() {}

  /** Signs the statement; returns the base64 signature. */
  public static String sign(PrivateKey key, ApprovalStatement statement) {
    return sign(key, statement.bytes());
  }

  /**
   * Signs any statement's canonical bytes (a published definition's, say); returns the base64
   * signature. Each kind of statement starts with its own tag, so one kind never verifies as
   * another.
   */
  public static String sign(PrivateKey key, byte[] statement) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(statement);
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign with a " + key.getAlgorithm() + " key; an Ed25519 key is expected", e);
    }
  }

  /** True when the signature is a valid base64 Ed25519 signature of the statement by the key. */
  public static boolean verify(PublicKey key, ApprovalStatement statement, String signature) {
    return verify(key, statement.bytes(), signature);
  }

  /** True when the signature is a valid base64 Ed25519 signature of the bytes by the key. */
  public static boolean verify(PublicKey key, byte[] statement, String signature) {
    if (signature == null) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(statement);
      return verifier.verify(Base64.getDecoder().decode(signature.strip()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The fleet's id for a key: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** One line of the public-keys file. */
  public static String publicKeyLine(String keyId, PublicKey key) {
    return keyId + " " + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Decodes a base64 X.509 Ed25519 public key. */
  public static PublicKey decodePublicKey(String base64) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key", e);
    }
  }

  /**
   * Parses a public-keys file.
   *
   * @param source names the file in messages
   * @return the keys by id, in file order
   * @throws IllegalArgumentException naming the file and line of the first malformed entry
   */
  public static Map<String, PublicKey> parsePublicKeys(String text, String source) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + ":" + (i + 1);
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            where + ": expected 'KEY_ID BASE64_X509_PUBLIC_KEY', got " + parts.length + " fields");
      }
      PublicKey key;
      try {
        key = decodePublicKey(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ": key '" + parts[0] + "' is " + e.getMessage(), e);
      }
      if (keys.putIfAbsent(parts[0], key) != null) {
        throw new IllegalArgumentException(where + ": key id '" + parts[0] + "' is listed twice");
      }
    }
    return keys;
  }
}
