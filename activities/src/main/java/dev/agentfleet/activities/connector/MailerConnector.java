package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox mailer: {@code send} (to a customer) and {@code notify} (to a team) write a row to
 * {@code sandbox_mail}. Parameters are {@code to} (required), {@code subject} and {@code body}. The
 * result names the message only, so no address or text reaches the workflow's history or the audit
 * log through it.
 */
public final class MailerConnector extends SandboxConnector {

  public static final String NAME = ConnectorCatalog.MAILER.name();

  public MailerConnector(Clock clock) {
    super(ConnectorCatalog.MAILER, Set.of("send", "notify"), clock);
  }

  @Override
  void checkParams(ActionRequest request, ActionParams params) {
    params.requiredText("to", "the recipient's address");
    params.optionalText("subject", "");
    params.optionalText("body", "");
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    ActionParams params = new ActionParams(request);
    execute(
        transaction,
        "INSERT INTO sandbox_mail (message_id, idempotency_key, to_address, subject, body,"
            + " workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING",
        "msg_" + UUID.randomUUID(),
        request.idempotencyKey(),
        params.requiredText("to", "the recipient's address"),
        params.optionalText("subject", ""),
        params.optionalText("body", ""),
        request.workflowId(),
        Ledger.timestamp(clock.instant()));
    return findRow(
        transaction,
        "SELECT message_id FROM sandbox_mail WHERE idempotency_key = ?",
        request.idempotencyKey(),
        (rs, result) -> {
          result.put("messageId", rs.getString(1));
          result.put("operation", request.operation());
          result.put("sandbox", true);
        });
  }
}
