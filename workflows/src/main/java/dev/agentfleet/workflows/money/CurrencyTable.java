package dev.agentfleet.workflows.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one rule for amounts: every limit is set in a base currency, and an amount in any other
 * currency is compared after conversion with this table's rates. The route rules (through the
 * {@code toBase} function, with the table handed to the run as data) and the guarded connectors use
 * this same type, so a rule and the connector behind it always compare the same number.
 *
 * <p>Pure computation on immutable data, safe in workflow code. An unknown, missing or malformed
 * currency has no amount in base: {@link #toBase} is empty, and callers send such amounts to a
 * person instead of guessing.
 *
 * @param base the ISO 4217 code limits are set in, such as {@code USD}
 * @param asOf the day the rates were taken, ISO-8601 ({@code 2026-12-01}), shown with every
 *     conversion so a stale table is visible
 * @param rates how many units of {@code base} one unit of each currency is worth; the base itself
 *     is 1
 */
public record CurrencyTable(String base, String asOf, Map<String, BigDecimal> rates) {

  /** The scale amounts in base are rounded to (half-even), before any comparison. */
  public static final int SCALE = 4;

  public CurrencyTable {
    if (base == null || !base.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException(
          "base must be a three-letter ISO 4217 code such as USD, got " + base);
    }
    TreeMap<String, BigDecimal> copy = new TreeMap<>(rates == null ? Map.of() : rates);
    copy.put(base, BigDecimal.ONE);
    rates = java.util.Collections.unmodifiableMap(copy);
  }

  /** A table of the base currency alone: every other currency is unknown. */
  public static CurrencyTable only(String base, String asOf) {
    return new CurrencyTable(base, asOf, Map.of());
  }

  /** True when the currency is a code this table converts. */
  public boolean knows(String currency) {
    return normalized(currency).map(rates::containsKey).orElse(false);
  }

  /** The amount in the base currency, or empty when the currency is unknown, missing or invalid. */
  public Optional<BigDecimal> toBase(BigDecimal amount, String currency) {
    if (amount == null) {
      return Optional.empty();
    }
    return normalized(currency)
        .map(rates::get)
        .map(rate -> amount.multiply(rate).setScale(SCALE, RoundingMode.HALF_EVEN));
  }

  /** Why an amount cannot be converted, or empty when it can. */
  public Optional<String> problem(BigDecimal amount, String currency) {
    if (amount == null) {
      return Optional.of("no amount");
    }
    if (currency == null || currency.isBlank()) {
      return Optional.of(
          "the amount " + amount.toPlainString() + " has no currency; a person must decide");
    }
    if (!knows(currency)) {
      return Optional.of(
          "currency '"
              + currency
              + "' is not in the rates table (base "
              + base
              + ", as of "
              + asOf
              + "; known: "
              + String.join(", ", rates.keySet())
              + ")");
    }
    return Optional.empty();
  }

  /** The upper-case code, or empty when the text is not a three-letter code. */
  static Optional<String> normalized(String currency) {
    if (currency == null) {
      return Optional.empty();
    }
    String code = currency.strip().toUpperCase(Locale.ROOT);
    return code.matches("[A-Z]{3}") ? Optional.of(code) : Optional.empty();
  }
}
