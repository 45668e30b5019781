package dev.agentfleet.workflows.approval;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * What an approval leads to: the connector operation the run calls once a person approves, with the
 * amount and currency it would move. The run computes it when it opens the approval (from the
 * action step the approval leads to, rendered with the run's values at that moment), the approver
 * signs it (statement v3), and a guarded connector acts only when the request it receives is this
 * very effect.
 *
 * @param connector the connector the approval leads to, or null when it leads to no action
 * @param operation its operation
 * @param amount the amount in canonical decimal text ({@code 4999}, {@code 45.5}), or null when the
 *     effect moves no money or the amount is missing
 * @param currency the upper-case ISO 4217 code the amount is in, or null when missing (a guarded
 *     connector refuses an amount without a known currency)
 */
public record ProposedEffect(String connector, String operation, String amount, String currency) {

  /** Keeps the amount canonical and the currency upper case, so equal effects sign alike. */
  public ProposedEffect {
    String canonical = canonicalAmount(amount);
    amount = canonical != null ? canonical : amount;
    currency = code(currency);
  }

  /** The effect of calling {@code connector.operation} with rendered {@code params}. */
  public static ProposedEffect of(String connector, String operation, Map<String, ?> params) {
    Object amount = params == null ? null : params.get("amount");
    Object currency = params == null ? null : params.get("currency");
    return new ProposedEffect(connector, operation, canonicalAmount(amount), code(currency));
  }

  /**
   * The effect once an approver's edit is applied: an edit's {@code amount} and {@code currency}
   * values replace the proposed ones (an edit step's fields feed the action's parameters of the
   * same name); other edited fields leave the effect as it is.
   */
  public ProposedEffect withEdit(Map<String, Object> values) {
    if (values == null) {
      return this;
    }
    String a = values.containsKey("amount") ? canonicalAmount(values.get("amount")) : amount;
    String c = values.containsKey("currency") ? code(values.get("currency")) : currency;
    return new ProposedEffect(connector, operation, a, c);
  }

  /** {@code connector.operation}, as policies name operations. */
  public String target() {
    return connector + "." + operation;
  }

  @Override
  public String toString() {
    return target()
        + (amount == null
            ? ""
            : " " + amount + " " + (currency == null ? "(no currency)" : currency));
  }

  /**
   * An amount in canonical decimal text (no exponent, no trailing zeros), or null when the value is
   * missing or not a number. Numbers written as text ({@code "12.50"}) count as numbers.
   */
  public static String canonicalAmount(Object value) {
    BigDecimal decimal = decimal(value);
    if (decimal == null) {
      return null;
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** A number as a BigDecimal, or null when it is missing or not a finite number. */
  public static BigDecimal decimal(Object value) {
    try {
      return switch (value) {
        case null -> null;
        case BigDecimal d -> d;
        case Double d -> d.isNaN() || d.isInfinite() ? null : new BigDecimal(d.toString());
        case Float f -> f.isNaN() || f.isInfinite() ? null : new BigDecimal(f.toString());
        case Number n -> new BigDecimal(n.toString());
        case String s -> s.isBlank() ? null : new BigDecimal(s.strip());
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String code(Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      return null;
    }
    return s.strip().toUpperCase(Locale.ROOT);
  }
}
