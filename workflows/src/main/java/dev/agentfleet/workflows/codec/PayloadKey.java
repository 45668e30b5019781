package dev.agentfleet.workflows.codec;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One AES-256 payload key and the id that names it in every payload it encrypts. The key bytes are
 * copied in and out and never appear in {@link #toString()}, so a key cannot leak into a log line
 * by accident.
 */
public final class PayloadKey {

  /** AES-256: 32 bytes. */
  public static final int LENGTH = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String id;
  private final byte[] material;

  /**
   * @param id letters, digits, {@code .}, {@code _} or {@code -}, at most 64 characters
   * @param material exactly 32 bytes
   */
  public PayloadKey(String id, byte[] material) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new PayloadKeyException(
          "a payload key id must be 1 to 64 letters, digits, '.', '_' or '-' starting with a letter"
              + " or digit, got '"
              + id
              + "'");
    }
    if (material == null || material.length != LENGTH) {
      throw new PayloadKeyException(
          "payload key '"
              + id
              + "' is "
              + (material == null ? 0 : material.length)
              + " bytes; AES-256 needs exactly "
              + LENGTH);
    }
    this.id = id;
    this.material = material.clone();
  }

  public String id() {
    return id;
  }

  /** A copy of the key bytes. */
  public byte[] material() {
    return material.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PayloadKey k && k.id.equals(id) && Arrays.equals(k.material, material);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** The id only, never the key. */
  @Override
  public String toString() {
    return "PayloadKey[" + id + "]";
  }
}
