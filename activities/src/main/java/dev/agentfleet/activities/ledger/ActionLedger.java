package dev.agentfleet.activities.ledger;

import dev.agentfleet.ledger.LedgerDialect;
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
 *
 * <p><b>Racing attempts.</b> Two workers (two processes, or two ledgers in one) may run the same
 * key at once: Temporal retries an activity whose worker looks dead while it is still working. The
 * protocol keeps one effect and hands both the same result on both databases:
 *
 * <ul>
 *   <li>{@link #claim} is {@code INSERT ... ON CONFLICT (idempotency_key) DO NOTHING}, so exactly
 *       one insert wins and the other is a no-op, never an error.
 *   <li>For a local effect (a sandbox connector) the claim, the effect and {@link #complete} share
 *       one transaction. On SQLite that transaction holds the database's write lock from its first
 *       statement ({@code BEGIN IMMEDIATE}), so the second attempt starts only after the first
 *       committed and finds the row completed. On PostgreSQL, under {@code READ COMMITTED}, {@link
 *       #claim} then locks the row with {@code SELECT ... FOR UPDATE} and holds it to the end of
 *       the transaction. A second transaction blocks there, either in its insert (on the first
 *       one's uncommitted row) or in its {@code FOR UPDATE}, until the first commits; its following
 *       statements take fresh snapshots, so it sees the committed effect (the sandbox insert, also
 *       {@code ON CONFLICT DO NOTHING} on a unique key, writes nothing) and the {@code completed}
 *       row, and {@link #complete} matches no {@code claimed} row and reports {@code false}: the
 *       caller returns the first attempt's recorded result. If the first attempt rolls back
 *       instead, the second one finds no row, inserts its own claim and acts.
 *   <li>For a remote effect the claim commits before the call and the completion after it, each in
 *       its own transaction; both attempts call the other side with the same key, which
 *       deduplicates. {@link #complete} updates only a {@code claimed} row; on PostgreSQL a racing
 *       update waits for the first one's row lock and then re-checks {@code status}, so exactly one
 *       completion wins and the other reads the recorded result.
 * </ul>
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
   * Inserts a {@code claimed} row unless the key already has one (a claim left by an attempt that
   * crashed is reused as it is), then holds the row until the caller's transaction ends (on
   * PostgreSQL; SQLite's write lock already does), so a racing attempt waits and then sees what
   * this one committed.
   *
   * @return true when this call inserted the row
   */
  public static boolean claim(Connection c, Claim claim, Instant at) throws SQLException {
    boolean inserted = insertClaim(c, claim, at);
    LedgerDialect dialect = LedgerDialect.of(c);
    if (!dialect.lockRow().isEmpty()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT status FROM ledger_actions WHERE idempotency_key = ?" + dialect.lockRow())) {
        s.setString(1, claim.request().idempotencyKey());
        s.executeQuery().close();
      }
    }
    return inserted;
  }

  private static boolean insertClaim(Connection c, Claim claim, Instant at) throws SQLException {
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
