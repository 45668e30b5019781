package dev.agentfleet.activities.connector;

import java.math.BigDecimal;

/**
 * An amount an action moves, as recorded in the ledger.
 *
 * @param currency an ISO 4217 code such as {@code USD}
 */
public record Money(BigDecimal amount, String currency) {

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }
}
