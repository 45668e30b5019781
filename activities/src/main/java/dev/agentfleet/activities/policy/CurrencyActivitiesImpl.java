package dev.agentfleet.activities.policy;

import dev.agentfleet.workflows.money.CurrencyActivities;
import dev.agentfleet.workflows.money.CurrencyTable;

/** Hands runs the rates table this worker's connectors enforce limits with. */
public final class CurrencyActivitiesImpl implements CurrencyActivities {

  private final CurrencyTable table;

  public CurrencyActivitiesImpl(CurrencyTable table) {
    this.table = table;
  }

  @Override
  public CurrencyTable currencyTable() {
    return table;
  }
}
