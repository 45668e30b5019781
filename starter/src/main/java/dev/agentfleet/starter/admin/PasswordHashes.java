package dev.agentfleet.starter.admin;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Approvers' password hashes: PBKDF2 with HMAC-SHA256, a random 128-bit salt and an iteration
 * count, written as {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>} so the count can
 * be raised later without invalidating the hashes already in {@code config/approvers.yaml}. Only
 * the hash is ever stored; comparisons take the same time whatever the first wrong byte.
 */
public final class PasswordHashes {

  /** The prefix of every hash this class writes and reads. */
  public static final String SCHEME = "pbkdf2-sha256";

  /**
   * OWASP's 2023 figure for PBKDF2-HMAC-SHA256; verifying one password takes a fraction of a
   * second.
   */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** Fewer iterations than this are refused: such a hash would be cheap to brute-force. */
  public static final int MIN_ITERATIONS = 1_000;

  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  /** A new hash of {@code password} with the default iteration count and a fresh salt. */
  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /** A new hash of {@code password} with {@code iterations} and a fresh salt. */
  public static String hash(char[] password, int iterations) {
    requireIterations(iterations);
    if (password.length == 0) {
      throw new IllegalArgumentException("the password is empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * True when {@code password} matches {@code encoded}. A malformed hash matches nothing (and is
   * reported when the accounts are loaded, see {@link #requireWellFormed}).
   */
  public static boolean verify(char[] password, String encoded) {
    Parsed parsed;
    try {
      parsed = parse(encoded);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = derive(password, parsed.salt(), parsed.iterations());
    return MessageDigest.isEqual(actual, parsed.hash());
  }

  /** Fails with what is wrong when {@code encoded} is not a hash this class can verify. */
  public static void requireWellFormed(String encoded) {
    parse(encoded);
  }

  private record Parsed(int iterations, byte[] salt, byte[] hash) {}

  private static Parsed parse(String encoded) {
    if (encoded == null) {
      throw new IllegalArgumentException("no password hash");
    }
    String[] parts = encoded.strip().split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "expected " + SCHEME + "$<iterations>$<salt base64>$<hash base64>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the iteration count '" + parts[1] + "' is not a number");
    }
    requireIterations(iterations);
    byte[] salt;
    byte[] hash;
    try {
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt or hash is not base64: " + e.getMessage());
    }
    if (salt.length < 8 || hash.length != HASH_BITS / 8) {
      throw new IllegalArgumentException("expected a salt of at least 8 bytes and a 32-byte hash");
    }
    return new Parsed(iterations, salt, hash);
  }

  private static void requireIterations(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "the iteration count must be between "
              + MIN_ITERATIONS
              + " and "
              + MAX_ITERATIONS
              + ", got "
              + iterations);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Overwrites a password held in memory once it is no longer needed. */
  static void wipe(char[] password) {
    Arrays.fill(password, '\0');
  }
}
