package dev.agentfleet.activities.policy;

import dev.agentfleet.workflows.money.CurrencyTable;
import java.nio.file.Path;
import java.util.Map;

/**
 * The rates table and the policy a worker enforces, loaded together once at start and checked for
 * one base currency.
 */
public record MoneyPolicy(CurrencyTable currencies, EffectPolicy policy) {

  public MoneyPolicy {
    if (!currencies.base().equals(policy.base())) {
      throw new PolicyException(
          "the policy's limits are in "
              + policy.base()
              + " but the rates table's base is "
              + currencies.base()
              + "; set the same base in both files");
    }
  }

  /**
   * Loads {@code config/currencies.yaml} and {@code config/policies.yaml} (see {@link
   * PolicyFiles}).
   */
  public static MoneyPolicy load(Map<String, String> env) {
    return load(PolicyFiles.currencies(env), PolicyFiles.policies(env));
  }

  /** Loads the two files. */
  public static MoneyPolicy load(Path currencies, Path policies) {
    return new MoneyPolicy(CurrencyFile.load(currencies), EffectPolicy.load(policies));
  }
}
