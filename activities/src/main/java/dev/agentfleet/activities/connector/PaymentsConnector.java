package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
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
 * are {@code amount} (a number above 0, required), {@code currency} (default {@code USD}) and
 * {@code orderId}; the result has {@code refundId}, {@code orderId}, {@code amount} and {@code
 * currency}. {@code reverse-refund} undoes a refund and needs no attestation (see {@link
 * RefundReversal}). {@code adjust} is a billing adjustment (a credit on the customer's account,
 * same parameters, result {@code adjustmentId}): whatever its amount, only a verified human
 * attestation allows it; no rule can.
 *
 * <p>It guards the money itself, whatever the workflow decided: a refund above the auto-approval
 * limit needs a human attestation whose signature verifies with the workers' approval public keys
 * for this very run (an unsigned claim, a forged or altered signature, or one made for another run
 * is refused), a {@code rule} attestation covers amounts up to the limit, and a refund without any
 * attestation is refused. The limit applies to the amount in any currency.
 */
public final class PaymentsConnector implements LocalConnector {

  public static final String NAME = "payments";
  public static final String REFUND = "refund";
  public static final String REVERSE_REFUND = "reverse-refund";
  public static final String ADJUST = "adjust";

  private final BigDecimal autoLimit;
  private final ApprovalVerifier approvals;
  private final Clock clock;

  /**
   * Creates the connector.
   *
   * @param autoLimit the largest refund a {@code rule} attestation may approve
   * @param approvals verifies the signature of a human attestation
   */
  public PaymentsConnector(BigDecimal autoLimit, ApprovalVerifier approvals, Clock clock) {
    this.autoLimit = autoLimit;
    this.approvals = approvals;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void check(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    params.requireOperation(Set.of(REFUND, REVERSE_REFUND, ADJUST));
    if (REVERSE_REFUND.equals(request.operation())) {
      RefundReversal.check(request);
      return;
    }
    authorize(request, money(request));
  }

  /** The refund's amount; null for a reversal, whose amount is the refund's, found when it acts. */
  @Override
  public Money money(ActionRequest request) {
    if (REVERSE_REFUND.equals(request.operation())) {
      return null;
    }
    ActionParams params = new ActionParams(request);
    BigDecimal amount = params.positiveAmount("amount");
    String currency = params.optionalText("currency", "USD").strip().toUpperCase(Locale.ROOT);
    if (!currency.matches("[A-Z]{3}")) {
      throw ActionParams.invalid(
          request, "params.currency must be a three-letter ISO 4217 code such as USD");
    }
    return new Money(amount, currency);
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

  private void authorize(ActionRequest request, Money money) {
    Attestation a = request.attestation() == null ? Attestation.none() : request.attestation();
    boolean adjustment = ADJUST.equals(request.operation());
    String refund = (adjustment ? "billing adjustment of " : "refund of ") + money;
    if (a.isHuman()) {
      approvals
          .humanAttestationProblem(a, request.workflowId())
          .ifPresent(
              problem -> {
                throw refused(request, refund + " is not approved: " + problem);
              });
      return;
    }
    if (adjustment) {
      throw refused(
          request,
          refund
              + " has no human approval (attestation kind '"
              + a.kind()
              + "'); billing adjustments need a signed human decision, whatever the amount");
    }
    if (Attestation.RULE.equals(a.kind()) && a.principal() != null && !a.principal().isBlank()) {
      if (money.amount().compareTo(autoLimit) <= 0) {
        return;
      }
      throw refused(
          request,
          refund
              + " is above the auto-approval limit of "
              + autoLimit.toPlainString()
              + "; rule '"
              + a.principal()
              + "' cannot approve it, a human approval is required");
    }
    throw refused(
        request,
        refund
            + " has no approval (attestation kind '"
            + a.kind()
            + "'); a rule may approve up to "
            + autoLimit.toPlainString()
            + ", above that a human must approve");
  }

  private static ApplicationFailure refused(ActionRequest request, String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "step '" + request.stepId() + "': " + message, ActionActivities.APPROVAL_REQUIRED);
  }
}
