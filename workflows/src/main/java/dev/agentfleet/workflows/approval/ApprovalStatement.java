package dev.agentfleet.workflows.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The exact text an approver's signature covers: which run, which request of which approval step,
 * what was decided, by whom with which roles, the comment's SHA-256, when, and with which key.
 *
 * <p>The text is one field per line, in a fixed order, each value prefixed with its length in UTF-8
 * bytes ({@code approver 5 alice}); a missing value is {@code -}. Length prefixes make it
 * unambiguous whatever the values contain (a newline or a comma in a name cannot shift one field
 * into another), and any language can rebuild it byte for byte. Changing this format invalidates
 * every signature made with the old one: bump {@link #VERSION} instead. An edit's statement is
 * {@link #VERSION_WITH_VALUES}: the same lines and then the SHA-256 of the edited values in their
 * canonical JSON (keys sorted, no spaces), so approve and reject statements stay v1.
 *
 * <p>A statement that names the {@code role} the approver held for the request is {@link
 * #VERSION_BOUND} (v3): the v1 lines, then that role, the {@link ProposedEffect} it authorises
 * (connector, operation, amount, currency; {@code -} where there is none) and the edited values'
 * SHA-256 ({@code -} without an edit). A v3 signature binds a decision to what will happen, so a
 * guarded connector can refuse an effect the approver did not see. v1 and v2 statements stay
 * verifiable for runs that hold them.
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
    String keyId,
    String valuesSha256,
    String role,
    ProposedEffect effect) {

  /** The first line of a statement without edited values. */
  public static final String VERSION = "agent-fleet approval statement v1";

  /** The first line of a statement that carries edited values. */
  public static final String VERSION_WITH_VALUES = "agent-fleet approval statement v2";

  /** The first line of a statement bound to the approver's role and the effect it authorises. */
  public static final String VERSION_BOUND = "agent-fleet approval statement v3";

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  public ApprovalStatement {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** A statement of an approve or reject decision: no edited values. */
  public ApprovalStatement(
      String workflowId,
      String stepId,
      long requestedAt,
      String decision,
      String approver,
      List<String> roles,
      String commentSha256,
      long signedAt,
      String keyId) {
    this(
        workflowId,
        stepId,
        requestedAt,
        decision,
        approver,
        roles,
        commentSha256,
        signedAt,
        keyId,
        null);
  }

  /** A v1 or v2 statement: not bound to a role or an effect. */
  public ApprovalStatement(
      String workflowId,
      String stepId,
      long requestedAt,
      String decision,
      String approver,
      List<String> roles,
      String commentSha256,
      long signedAt,
      String keyId,
      String valuesSha256) {
    this(
        workflowId,
        stepId,
        requestedAt,
        decision,
        approver,
        roles,
        commentSha256,
        signedAt,
        keyId,
        valuesSha256,
        null,
        null);
  }

  /** True for a v3 statement: bound to the approver's role and the effect. */
  public boolean bound() {
    return role != null;
  }

  /** The canonical text. */
  public String text() {
    String version = bound() ? VERSION_BOUND : valuesSha256 == null ? VERSION : VERSION_WITH_VALUES;
    StringBuilder b = new StringBuilder(version).append('\n');
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
    if (bound()) {
      field(b, "role", role);
      field(b, "connector", effect == null ? null : effect.connector());
      field(b, "operation", effect == null ? null : effect.operation());
      field(b, "amount", effect == null ? null : effect.amount());
      field(b, "currency", effect == null ? null : effect.currency());
      field(b, "valuesSha256", valuesSha256);
    } else if (valuesSha256 != null) {
      field(b, "valuesSha256", valuesSha256);
    }
    return b.toString();
  }

  /** The canonical text as the UTF-8 bytes that are signed. */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** The lowercase hex SHA-256 of a comment's UTF-8 bytes, or null when there is no comment. */
  public static String commentSha256(String comment) {
    return comment == null ? null : sha256(comment);
  }

  /** The lowercase hex SHA-256 of edited values in canonical JSON (keys sorted, no spaces). */
  public static String valuesSha256(Map<String, Object> values) {
    try {
      return sha256(CANONICAL.writeValueAsString(values));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("edited values are not JSON: " + e.getMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
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
