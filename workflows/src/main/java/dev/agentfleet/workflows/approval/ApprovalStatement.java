package dev.agentfleet.workflows.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The exact text an approver's signature covers: which run, which request of which approval step,
 * what was decided, by whom with which roles, the comment's SHA-256, when, and with which key.
 *
 * <p>The text is one field per line, in a fixed order, each value prefixed with its length in UTF-8
 * bytes ({@code approver 5 alice}); a missing value is {@code -}. Length prefixes make it
 * unambiguous whatever the values contain (a newline or a comma in a name cannot shift one field
 * into another), and any language can rebuild it byte for byte. Changing this format invalidates
 * every signature made with the old one: bump {@link #VERSION} instead.
 */
public record ApprovalStatement(
    String workflowId,
    String stepId,
    long requestedAt,
    String decision,
    String approver,
    List<String> roles,
    String commentSha256,
    long signedAt,
    String keyId) {

  /** The first line of every statement. */
  public static final String VERSION = "agent-fleet approval statement v1";

  public ApprovalStatement {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** The canonical text. */
  public String text() {
    StringBuilder b = new StringBuilder(VERSION).append('\n');
    field(b, "workflowId", workflowId);
    field(b, "stepId", stepId);
    field(b, "requestedAt", Long.toString(requestedAt));
    field(b, "decision", decision);
    field(b, "approver", approver);
    field(b, "roles", Integer.toString(roles.size()));
    roles.forEach(role -> field(b, "role", role));
    field(b, "commentSha256", commentSha256);
    field(b, "signedAt", Long.toString(signedAt));
    field(b, "keyId", keyId);
    return b.toString();
  }

  /** The canonical text as the UTF-8 bytes that are signed. */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** The lowercase hex SHA-256 of a comment's UTF-8 bytes, or null when there is no comment. */
  public static String commentSha256(String comment) {
    if (comment == null) {
      return null;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(comment.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append(name).append(' ');
    if (value == null) {
      b.append('-');
    } else {
      b.append(value.getBytes(StandardCharsets.UTF_8).length).append(' ').append(value);
    }
    b.append('\n');
  }
}
