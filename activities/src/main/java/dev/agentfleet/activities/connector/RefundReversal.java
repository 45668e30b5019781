package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code payments.reverse-refund}, the compensation of a refund: a row in {@code sandbox_payments}
 * with the negated amount whose {@code reverses} column names the refund. A refund is reversed at
 * most once, whatever the idempotency key: reversing it again returns the first reversal with
 * {@code alreadyReversed: true}. It needs no attestation, since it only undoes.
 *
 * <p>Params: {@code refundId}, or {@code orderId} when the order has exactly one refund not yet
 * reversed. Returns {@code reversalId}, {@code refundId}, {@code orderId}, {@code amount}
 * (negative), {@code currency}, {@code status: reversed} and {@code alreadyReversed}.
 */
final class RefundReversal {

  private RefundReversal() {}

  static void check(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    if (params.optionalText("refundId", null) == null
        && params.optionalText("orderId", null) == null) {
      throw ActionParams.invalid(
          request, "params.refundId (or params.orderId) is required: the refund to reverse");
    }
  }

  static Map<String, Object> perform(ActionRequest request, Connection c, Clock clock)
      throws SQLException {
    Refund refund = refundToReverse(request, c);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO sandbox_payments (refund_id, idempotency_key, order_id, amount, currency,"
                + " workflow_id, created_at, reverses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      s.setString(1, "rv_" + UUID.randomUUID());
      s.setString(2, request.idempotencyKey());
      s.setString(3, refund.orderId());
      s.setBigDecimal(4, refund.amount().negate());
      s.setString(5, refund.currency());
      s.setString(6, request.workflowId());
      s.setString(7, Ledger.timestamp(clock.instant()));
      s.setString(8, refund.refundId());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT refund_id, idempotency_key, order_id, amount, currency FROM sandbox_payments"
                + " WHERE reverses = ?")) {
      s.setString(1, refund.refundId());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("reversalId", rs.getString(1));
        result.put("refundId", refund.refundId());
        result.put("orderId", rs.getString(3));
        result.put("amount", rs.getBigDecimal(4));
        result.put("currency", rs.getString(5));
        result.put("status", "reversed");
        result.put("alreadyReversed", !request.idempotencyKey().equals(rs.getString(2)));
        result.put("sandbox", true);
        return result;
      }
    }
  }

  private record Refund(String refundId, String orderId, BigDecimal amount, String currency) {}

  private static Refund refundToReverse(ActionRequest request, Connection c) throws SQLException {
    ActionParams params = new ActionParams(request);
    String refundId = params.optionalText("refundId", null);
    if (refundId != null) {
      List<Refund> found = refunds(c, "refund_id", refundId);
      if (found.isEmpty()) {
        throw ActionParams.invalid(request, "there is no refund " + refundId + " to reverse");
      }
      return found.get(0);
    }
    String orderId = params.optionalText("orderId", null);
    List<Refund> refunds = refunds(c, "order_id", orderId);
    if (refunds.isEmpty()) {
      throw ActionParams.invalid(request, "order " + orderId + " has no refund to reverse");
    }
    List<Refund> open = new ArrayList<>();
    for (Refund r : refunds) {
      if (!reversed(c, r.refundId())) {
        open.add(r);
      }
    }
    if (open.size() > 1) {
      throw ActionParams.invalid(
          request,
          "order "
              + orderId
              + " has "
              + open.size()
              + " refunds not yet reversed; pass params.refundId to say which");
    }
    return open.isEmpty() ? refunds.get(refunds.size() - 1) : open.get(0);
  }

  private static List<Refund> refunds(Connection c, String column, String value)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT refund_id, order_id, amount, currency FROM sandbox_payments WHERE "
                + column
                + " = ? AND reverses IS NULL ORDER BY created_at, refund_id")) {
      s.setString(1, value);
      try (ResultSet rs = s.executeQuery()) {
        List<Refund> refunds = new ArrayList<>();
        while (rs.next()) {
          refunds.add(
              new Refund(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4)));
        }
        return refunds;
      }
    }
  }

  private static boolean reversed(Connection c, String refundId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sandbox_payments WHERE reverses = ?")) {
      s.setString(1, refundId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
