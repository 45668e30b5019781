package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.policy.EffectGuard;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox payment provider: {@code refund} writes a row to {@code sandbox_payments}. Parameters
 * are {@code amount} (a number above 0, required), {@code currency} (an ISO 4217 code the rates
 * table knows, required: an amount never travels without its currency) and {@code orderId}; the
 * result has {@code refundId}, {@code orderId}, {@code amount} and {@code currency}. {@code
 * reverse-refund} undoes a refund and needs no attestation (see {@link RefundReversal}). {@code
 * adjust} is a billing adjustment (a credit on the customer's account, same parameters, result
 * {@code adjustmentId}): whatever its amount, only a verified human attestation allows it; no rule
 * can.
 *
 * <p>It guards the money itself, whatever the workflow (or the playbook it was started with)
 * decided, through the {@link EffectGuard}: the amount is converted to the base currency with the
 * workers' rates table, a rule attestation covers it up to the policy's rule limit, a human one
 * only when its signature verifies for this very run, names this effect (v3) and was given in a
 * role the policy allows that amount. An unknown or missing currency is refused.
 */
public final class PaymentsConnector implements LocalConnector {

  public static final String NAME = ConnectorCatalog.PAYMENTS.name();
  public static final String REFUND = ConnectorCatalog.PAYMENTS.operation("refund").name();
  public static final String REVERSE_REFUND =
      ConnectorCatalog.PAYMENTS.operation("reverse-refund").name();
  public static final String ADJUST = ConnectorCatalog.PAYMENTS.operation("adjust").name();

  private final EffectGuard guard;
  private final Clock clock;

  /**
   * Creates the connector.
   *
   * @param guard checks the attestation and the policy in the base currency
   */
  public PaymentsConnector(EffectGuard guard, Clock clock) {
    ConnectorCatalog.PAYMENTS.requireImplemented(Set.of(REFUND, REVERSE_REFUND, ADJUST));
    this.guard = guard;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    params.requireOperation(ConnectorCatalog.PAYMENTS);
    if (REVERSE_REFUND.equals(request.operation())) {
      RefundReversal.check(request);
      return;
    }
    authorize(request);
  }

  /** The refund's amount; null for a reversal, whose amount is the refund's, found when it acts. */
  @Override
  public Money money(ActionRequest request) {
    if (REVERSE_REFUND.equals(request.operation())) {
      return null;
    }
    ActionParams params = new ActionParams(request);
    BigDecimal amount = params.positiveAmount("amount");
    String currency = currency(request);
    if (currency == null) {
      throw ActionParams.invalid(
          request, "params.currency is required: an amount never travels without its currency");
    }
    return new Money(amount, currency);
  }

  /** The request's currency code, upper case; null when it names none. */
  private static String currency(ActionRequest request) {
    String text = new ActionParams(request).optionalText("currency", null);
    if (text == null || text.isBlank()) {
      return null;
    }
    String currency = text.strip().toUpperCase(Locale.ROOT);
    if (!currency.matches("[A-Z]{3}")) {
      throw ActionParams.invalid(
          request, "params.currency must be a three-letter ISO 4217 code such as USD");
    }
    return currency;
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    if (REVERSE_REFUND.equals(request.operation())) {
      return RefundReversal.perform(request, transaction, clock);
    }
    Money money = money(request);
    try (PreparedStatement s =
        transaction.prepareStatement(
            "INSERT INTO sandbox_payments (refund_id, idempotency_key, order_id, amount, currency,"
                + " workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
      s.setString(1, (ADJUST.equals(request.operation()) ? "adj_" : "rf_") + UUID.randomUUID());
      s.setString(2, request.idempotencyKey());
      s.setString(3, new ActionParams(request).optionalText("orderId", null));
      s.setBigDecimal(4, money.amount());
      s.setString(5, money.currency());
      s.setString(6, request.workflowId());
      s.setString(7, Ledger.timestamp(clock.instant()));
      s.executeUpdate();
    }
    try (PreparedStatement s =
        transaction.prepareStatement(
            "SELECT refund_id, order_id, amount, currency FROM sandbox_payments"
                + " WHERE idempotency_key = ?")) {
      s.setString(1, request.idempotencyKey());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(
            ADJUST.equals(request.operation()) ? "adjustmentId" : "refundId", rs.getString(1));
        result.put("orderId", rs.getString(2));
        result.put("amount", rs.getBigDecimal(3));
        result.put("currency", rs.getString(4));
        result.put("sandbox", true);
        return result;
      }
    }
  }

  private void authorize(ActionRequest request) {
    BigDecimal amount = new ActionParams(request).positiveAmount("amount");
    String currency = currency(request);
    Attestation a = request.attestation() == null ? Attestation.none() : request.attestation();
    boolean adjustment = ADJUST.equals(request.operation());
    String what =
        (adjustment ? "billing adjustment of " : "refund of ")
            + amount.stripTrailingZeros().toPlainString()
            + " "
            + (currency == null ? "(no currency)" : currency);
    if (adjustment && !a.isHuman()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '"
              + request.stepId()
              + "': "
              + what
              + " has no human approval (attestation kind '"
              + a.kind()
              + "'); billing adjustments need a signed human decision, whatever the amount",
          ActionActivities.APPROVAL_REQUIRED);
    }
    guard.authorize(request, amount, currency, what);
  }
}
