package dev.agentfleet.activities.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.money.CurrencyTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped rates table converts every amount to USD, and a malformed file says where. */
class CurrencyFileTest {

  private static final CurrencyTable SHIPPED = MoneyPolicy.load(Map.of()).currencies();

  @ParameterizedTest(name = "{0} {1} is {2} USD")
  @CsvSource({
    "45,   KWD, 146.25",
    "45,   BHD, 119.25",
    "40,   GBP, 50.80",
    "4500, JPY, 30.15",
    "45,   CNY, 6.30",
    "45,   usd, 45",
  })
  void converts_to_the_base_currency_with_the_shipped_rates(
      String amount, String currency, String usd) {
    assertThat(SHIPPED.base()).isEqualTo("USD");
    assertThat(SHIPPED.toBase(new BigDecimal(amount), currency))
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(usd));
  }

  @Test
  void a_kuwaiti_dinar_is_worth_more_than_a_dollar_so_45_of_them_are_over_a_50_limit() {
    assertThat(SHIPPED.toBase(new BigDecimal("45"), "KWD").orElseThrow())
        .isGreaterThan(new BigDecimal("50"));
  }

  @Test
  void an_unknown_or_missing_currency_has_no_amount_in_base() {
    assertThat(SHIPPED.toBase(new BigDecimal("45"), "XYZ")).isEmpty();
    assertThat(SHIPPED.toBase(new BigDecimal("45"), null)).isEmpty();
    assertThat(SHIPPED.toBase(new BigDecimal("45"), "$")).isEmpty();
    assertThat(SHIPPED.problem(new BigDecimal("45"), "XYZ"))
        .hasValueSatisfying(p -> assertThat(p).contains("'XYZ' is not in the rates table"));
    assertThat(SHIPPED.problem(new BigDecimal("45"), null))
        .hasValueSatisfying(p -> assertThat(p).contains("has no currency"));
  }

  @Test
  void a_malformed_file_names_the_field_and_what_was_expected() {
    assertThatThrownBy(
            () -> CurrencyFile.parse("base: dollars\nasOf: 2026-12-01\nrates: {}", "c.yaml"))
        .hasMessageContaining("c.yaml: base must be a three-letter ISO 4217 code");
    assertThatThrownBy(() -> CurrencyFile.parse("base: USD\nasOf: soon\nrates: {}", "c.yaml"))
        .hasMessageContaining("asOf must be the day");
    assertThatThrownBy(
            () -> CurrencyFile.parse("base: USD\nasOf: 2026-12-01\nrates: {EUR: -1}", "c.yaml"))
        .hasMessageContaining("rates.EUR must be a number 0 or more");
    assertThatThrownBy(
            () -> CurrencyFile.parse("base: USD\nasOf: 2026-12-01\nrates: {eur: 1}", "c.yaml"))
        .hasMessageContaining("rates.eur is not a three-letter upper-case ISO 4217 code");
    assertThatThrownBy(() -> CurrencyFile.parse("base: [", "c.yaml"))
        .hasMessageContaining("c.yaml:")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> CurrencyFile.load(Path.of("/nonexistent/currencies.yaml")))
        .hasMessageContaining("FLEET_CURRENCIES");
  }

  @Test
  void the_files_are_found_at_their_variable_else_under_the_repository() {
    assertThat(PolicyFiles.currencies(Map.of("FLEET_CURRENCIES", "/etc/fleet/rates.yaml")))
        .isEqualTo(Path.of("/etc/fleet/rates.yaml"));
    assertThat(PolicyFiles.policies(Map.of("FLEET_REPO", "/app")))
        .isEqualTo(Path.of("/app/config/policies.yaml"));
    assertThat(PolicyFiles.currencies(Map.of()))
        .as("a module folder of the checkout finds the repository's config/")
        .endsWith(Path.of("config", "currencies.yaml"))
        .exists();
  }

  @Test
  void the_policy_and_the_table_must_share_a_base() {
    assertThatThrownBy(
            () ->
                new MoneyPolicy(
                    CurrencyTable.only("EUR", "2026-12-01"),
                    EffectPolicy.parse("base: USD\noperations: {}", "p.yaml")))
        .hasMessageContaining("limits are in USD but the rates table's base is EUR");
  }
}
