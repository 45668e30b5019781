package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.money.CurrencyActivities;
import dev.agentfleet.workflows.money.CurrencyTable;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The rates activity for workflow tests: a fixed table in USD (a worker reads its table from
 * config/currencies.yaml; that loading is tested in the activities module).
 */
public final class FixedRates implements CurrencyActivities {

  /** USD base; KWD and BHD are worth more than a dollar, JPY far less. */
  public static final CurrencyTable TABLE =
      new CurrencyTable(
          "USD",
          "2026-12-01",
          Map.of(
              "EUR", new BigDecimal("1.08"),
              "GBP", new BigDecimal("1.27"),
              "JPY", new BigDecimal("0.0067"),
              "CNY", new BigDecimal("0.14"),
              "KWD", new BigDecimal("3.25"),
              "BHD", new BigDecimal("2.65")));

  @Override
  public CurrencyTable currencyTable() {
    return TABLE;
  }
}
