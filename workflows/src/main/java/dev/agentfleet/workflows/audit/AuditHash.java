package dev.agentfleet.workflows.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The audit log's hash rule, in one place for the writer (the activities) and the checker (the
 * ledger library's chain check, behind {@code fleet audit verify}). Pure computation: no I/O, no
 * clock, so the client side can check a chain without the execution plane.
 *
 * <p>An entry's hash is the lower-case hex SHA-256 of the UTF-8 bytes of the previous entry's hash
 * ({@link #GENESIS} for the first entry) followed by the entry's canonical form. The canonical form
 * concatenates, in this order, {@code entryKey, workflowId, recordId, agent, definitionHash, kind,
 * stepId, actor, detail, at}, each written as {@code -} when null and otherwise as its UTF-8 byte
 * length, a colon and the text itself ({@code 5:hello}), so no two different entries share a form.
 * {@code at} is the time as the log stores it (ISO-8601 UTC with milliseconds, {@code
 * 2025-03-01T10:00:00.001Z}), not epoch milliseconds. Changing any of this changes every stored
 * hash: existing logs would no longer verify.
 */
public final class AuditHash {

  /** The previous hash of the first entry: sixty-four zeros. */
  public static final String GENESIS = "0".repeat(64);

  private AuditHash() {}

  /**
   * The hash of an entry.
   *
   * @param prevHash the previous entry's hash, or {@link #GENESIS}
   * @param entry the entry; its epoch-millisecond {@code at} is not used
   * @param at the entry's time as the log stores it
   */
  public static String of(String prevHash, AuditEntry entry, String at) {
    return of(
        prevHash,
        entry.entryKey(),
        entry.workflowId(),
        entry.recordId(),
        entry.agent(),
        entry.definitionHash(),
        entry.kind(),
        entry.stepId(),
        entry.actor(),
        entry.detail(),
        at);
  }

  /**
   * The hash of an entry given as its fields in canonical order (see the class comment); a null
   * field is hashed as absent, which differs from any text.
   */
  public static String of(String prevHash, String... canonicalFields) {
    Objects.requireNonNull(prevHash, "prevHash: the previous entry's hash, or GENESIS");
    StringBuilder text = new StringBuilder(prevHash);
    for (String field : canonicalFields) {
      if (field == null) {
        text.append('-');
      } else {
        text.append(field.getBytes(StandardCharsets.UTF_8).length).append(':').append(field);
      }
    }
    // One string, encoded once: the stored hashes were made this way, byte for byte.
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
