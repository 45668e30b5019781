package dev.agentfleet.workflows.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Workflow ids derived from the agent and the record's own id, so the same record submitted twice
 * is one run, and the Web UI's list reads as "which agent, which record".
 */
public final class WorkflowIds {

  private static final int MAX_RECORD_PART = 80;

  private WorkflowIds() {}

  /**
   * {@code agent/recordId} when the record id is plain ASCII; otherwise its readable part plus a
   * short hash of the original id, so different ids never collide.
   */
  public static String forRecord(String agent, String recordId) {
    String safe = recordId.replaceAll("[^A-Za-z0-9._:-]", "_");
    if (safe.equals(recordId) && safe.length() <= MAX_RECORD_PART) {
      return agent + "/" + safe;
    }
    String head = safe.length() > MAX_RECORD_PART ? safe.substring(0, MAX_RECORD_PART) : safe;
    return agent + "/" + head + "~" + shortHash(recordId);
  }

  /** The first 12 hex digits of the SHA-256 of the text, for ids and definition versions. */
  public static String shortHash(String text) {
    return sha256(text).substring(0, 12);
  }

  /** The SHA-256 of the text's UTF-8 bytes, as 64 lowercase hex digits. */
  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
