package dev.agentfleet.activities.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.money.CurrencyTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads {@code config/currencies.yaml} into the {@link CurrencyTable} every worker enforces limits
 * with, once at start:
 *
 * <pre>
 * base: USD            # the currency every limit is set in
 * asOf: "2026-12-01"   # when the rates were taken
 * rates:               # units of base one unit of each currency is worth
 *   EUR: 1.05
 *   KWD: 3.25
 * </pre>
 */
public final class CurrencyFile {

  /** What a valid file looks like, shown in errors. */
  public static final String EXAMPLE = "base: USD, asOf: \"2026-12-01\", rates: {EUR: 1.05}";

  private CurrencyFile() {}

  /** Loads the file; a missing or malformed one fails naming the file and the field. */
  public static CurrencyTable load(Path file) {
    return parse(PolicyFiles.read(file, "FLEET_CURRENCIES"), file.toString());
  }

  /** Parses the YAML text of a rates table; {@code source} names it in messages. */
  public static CurrencyTable parse(String yaml, String source) {
    return parse(PolicyFiles.parse(yaml, source), source);
  }

  private static CurrencyTable parse(JsonNode root, String source) {
    JsonNode base = root.get("base");
    if (base == null || !base.isTextual() || !base.textValue().strip().matches("[A-Z]{3}")) {
      throw new PolicyException(
          source
              + ": base must be a three-letter ISO 4217 code such as USD, for example: "
              + EXAMPLE);
    }
    JsonNode asOf = root.get("asOf");
    String day = asOf == null ? null : asOf.asText().strip();
    try {
      LocalDate.parse(day == null ? "" : day);
    } catch (DateTimeParseException e) {
      throw new PolicyException(
          source + ": asOf must be the day the rates were taken, as 2026-12-01, got " + asOf);
    }
    JsonNode rates = root.get("rates");
    if (rates == null || !rates.isObject()) {
      throw new PolicyException(
          source + ": rates must map each currency code to its worth in " + base.textValue());
    }
    Map<String, BigDecimal> table = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rate = it.next();
      String field = "rates." + rate.getKey();
      if (!rate.getKey().matches("[A-Z]{3}")) {
        throw new PolicyException(
            source + ": " + field + " is not a three-letter upper-case ISO 4217 code");
      }
      BigDecimal value = PolicyFiles.amount(rate.getValue(), source, field);
      if (value.signum() == 0) {
        throw new PolicyException(source + ": " + field + " must be above 0");
      }
      table.put(rate.getKey(), value);
    }
    String code = base.textValue().strip();
    if (table.containsKey(code) && table.get(code).compareTo(BigDecimal.ONE) != 0) {
      throw new PolicyException(
          source
              + ": rates."
              + code
              + " is the base currency and must be 1, got "
              + table.get(code));
    }
    return new CurrencyTable(code, day, table);
  }
}
