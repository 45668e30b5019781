package dev.agentfleet.workflows.money;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Hands the workers' rates table ({@code config/currencies.yaml}) to a run as data, so a route rule
 * can convert amounts to the base currency without reading any file in workflow code. The run asks
 * once (a local activity) and its history keeps the answer, so replay converts with the same rates.
 */
@ActivityInterface
public interface CurrencyActivities {

  /** The rates table the workers' connectors enforce limits with. */
  @ActivityMethod(name = "CurrencyTable")
  CurrencyTable currencyTable();
}
