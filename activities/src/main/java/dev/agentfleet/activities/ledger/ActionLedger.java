package dev.agentfleet.activities.ledger;

import dev.agentfleet.workflows.action.ActionRequest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ledger_actions} table: one row per idempotency key, {@code claimed} when an attempt
 * starts to act and {@code completed}, with the result, once the effect is recorded. A row is never
 * deleted and a completed row never changes. Every method takes the caller's connection, so a
 * claim, an effect, its completion and its audit entry can share one transaction.
 */
public final class ActionLedger {

  public static final String CLAIMED = "claimed";
  public static final String COMPLETED = "completed";

  private ActionLedger() {}

  /**
   * A row of the ledger as the exactly-once protocol needs it.
   *
   * @param status {@link #CLAIMED} or {@link #COMPLETED}
   * @param resultJson the recorded result of a completed action, else null
   */
  public record Entry(String idempotencyKey, String status, String resultJson) {

    public boolean completed() {
      return COMPLETED.equals(status);
    }

    public Map<String, Object> result() {
      return LedgerJson.readMap(resultJson);
    }
  }

  /**
   * What a claim records besides the request: the money involved, if any, and who allowed it.
   *
   * @param approvedBy the approver's name, {@code rule:<name>}, or null when nothing attested it
   */
  public record Claim(
      ActionRequest request, BigDecimal amount, String currency, String approvedBy) {}

  public static Optional<Entry> find(Connection c, String idempotencyKey) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT status, result_json FROM ledger_actions WHERE idempotency_key = ?")) {
      s.setString(1, idempotencyKey);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Entry(idempotencyKey, rs.getString(1), rs.getString(2)));
      }
    }
  }

  /**
   * Inserts a {@code claimed} row unless the key already has one: a claim left by an attempt that
   * crashed is reused as it is.
   *
   * @return true when this call inserted the row
   */
  public static boolean claim(Connection c, Claim claim, Instant at) throws SQLException {
    ActionRequest r = claim.request();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ledger_actions (idempotency_key, workflow_id, record_id, agent, step_id,"
                + " connector, operation, amount, currency, approved_by, attestation_json, status,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
      s.setString(1, r.idempotencyKey());
      s.setString(2, r.workflowId());
      s.setString(3, r.recordId());
      s.setString(4, r.agent());
      s.setString(5, r.stepId());
      s.setString(6, r.connector());
      s.setString(7, r.operation());
      if (claim.amount() == null) {
        s.setNull(8, Types.NUMERIC);
      } else {
        s.setBigDecimal(8, claim.amount());
      }
      s.setString(9, claim.currency());
      s.setString(10, claim.approvedBy());
      s.setString(11, LedgerJson.write(r.attestation()));
      s.setString(12, CLAIMED);
      s.setString(13, Ledger.timestamp(at));
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Marks a claimed row completed with its result.
   *
   * @return false when the row was not claimed (another attempt completed it first), in which case
   *     the caller returns that attempt's recorded result
   */
  public static boolean complete(Connection c, String idempotencyKey, String resultJson, Instant at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE ledger_actions SET status = ?, result_json = ?, completed_at = ?"
                + " WHERE idempotency_key = ? AND status = ?")) {
      s.setString(1, COMPLETED);
      s.setString(2, resultJson);
      s.setString(3, Ledger.timestamp(at));
      s.setString(4, idempotencyKey);
      s.setString(5, CLAIMED);
      return s.executeUpdate() == 1;
    }
  }
}
