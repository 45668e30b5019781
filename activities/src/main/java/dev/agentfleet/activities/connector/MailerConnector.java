package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox mailer: {@code send} (to a customer) and {@code notify} (to a team) write a row to
 * {@code sandbox_mail}. Parameters are {@code to} (required), {@code subject} and {@code body}. The
 * result names the message only, so no address or text reaches the workflow's history or the audit
 * log through it.
 */
public final class MailerConnector implements LocalConnector {

  public static final String NAME = "mailer";
  public static final Set<String> OPERATIONS = Set.of("send", "notify");

  private final Clock clock;

  public MailerConnector(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    params.requireOperation(OPERATIONS);
    params.requiredText("to", "the recipient's address");
    params.optionalText("subject", "");
    params.optionalText("body", "");
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    ActionParams params = new ActionParams(request);
    try (PreparedStatement s =
        transaction.prepareStatement(
            "INSERT INTO sandbox_mail (message_id, idempotency_key, to_address, subject, body,"
                + " workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
      s.setString(1, "msg_" + UUID.randomUUID());
      s.setString(2, request.idempotencyKey());
      s.setString(3, params.requiredText("to", "the recipient's address"));
      s.setString(4, params.optionalText("subject", ""));
      s.setString(5, params.optionalText("body", ""));
      s.setString(6, request.workflowId());
      s.setString(7, Ledger.timestamp(clock.instant()));
      s.executeUpdate();
    }
    try (PreparedStatement s =
        transaction.prepareStatement(
            "SELECT message_id FROM sandbox_mail WHERE idempotency_key = ?")) {
      s.setString(1, request.idempotencyKey());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messageId", rs.getString(1));
        result.put("operation", request.operation());
        result.put("sandbox", true);
        return result;
      }
    }
  }
}
