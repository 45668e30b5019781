package dev.agentfleet.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.money.CurrencyTable;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.RouteRule;
import dev.agentfleet.workflows.playbook.RouteStep;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped support-triage rule {@code auto_refund_small} holds for 50 in the base currency,
 * whatever currency the ticket is in: the limit is compared after {@code toBase}.
 */
class MoneyRuleTest {

  private static final CurrencyTable RATES =
      new CurrencyTable(
          "USD",
          "2026-12-01",
          Map.of(
              "GBP", new BigDecimal("1.27"),
              "JPY", new BigDecimal("0.0067"),
              "CNY", new BigDecimal("0.14"),
              "KWD", new BigDecimal("3.25"),
              "BHD", new BigDecimal("2.65")));

  private final CelRules rules = new CelRules();

  private static String shippedRule() throws Exception {
    Path file = Path.of("..", "agents", "support-triage.yaml");
    Playbook playbook =
        PlaybookParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    RouteStep triage = (RouteStep) playbook.definition().requireStep("triage");
    Optional<RouteRule> rule =
        triage.rules().stream().filter(r -> r.name().equals("auto_refund_small")).findFirst();
    return rule.orElseThrow().when();
  }

  private static Map<String, Object> vars(Object amount, String currency) {
    Map<String, Object> extract = new HashMap<>();
    extract.put("amount", amount);
    extract.put("currency", currency);
    return Map.of(
        "input", Map.of("id", "T-1"),
        "steps",
            Map.of(
                "classify", Map.of("category", "refund", "confidence", 0.95), "extract", extract),
        "run", Map.of());
  }

  @ParameterizedTest(name = "{0} {1} refunds automatically: {2}")
  @CsvSource({
    "45,    USD, true",
    "50,    USD, true",
    "50.01, USD, false",
    "45,    KWD, false", // 146.25 USD
    "15,    BHD, true", // 39.75 USD
    "19,    BHD, false", // 50.35 USD
    "39,    GBP, true", // 49.53 USD
    "40,    GBP, false", // 50.80 USD
    "4500,  JPY, true", // 30.15 USD
    "8000,  JPY, false", // 53.60 USD
    "45,    CNY, true", // 6.30 USD
    "400,   CNY, false", // 56.00 USD
    "45,    XYZ, false", // unknown code
    "45,    ,    false", // no currency
  })
  void the_shipped_rule_compares_the_amount_in_the_base_currency(
      double amount, String currency, boolean refunds) throws Exception {
    assertThat(rules.test(shippedRule(), vars(amount, currency), RATES)).isEqualTo(refunds);
  }

  @Test
  void to_base_fails_for_an_unknown_or_missing_currency_so_the_rule_does_not_hold() {
    assertThatThrownBy(
            () -> rules.test("toBase(steps.extract.amount, 'XYZ') <= 50.0", vars(45, null), RATES))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessageContaining("currency 'XYZ' is not in the rates table");
    assertThatThrownBy(
            () ->
                rules.test(
                    "toBase(steps.extract.amount, steps.extract.currency) <= 50.0",
                    vars(45, "USD"),
                    null))
        .as("a run without a rates table converts nothing")
        .hasMessageContaining("no rates table");
  }

  @Test
  void to_base_yields_the_amount_in_base_for_rules_to_compare() {
    assertThat(rules.test("toBase(45, 'KWD') == 146.25", vars(45, "KWD"), RATES)).isTrue();
    assertThat(rules.test("knownCurrency('kwd') && !knownCurrency('XYZ')", vars(1, null), RATES))
        .isTrue();
  }

  @Test
  void the_money_functions_compile_for_playbooks_and_linting() {
    assertThat(CelRules.compileError("toBase(steps.extract.amount, 'EUR') <= 50")).isEmpty();
    assertThat(CelRules.compileError("toBase(1)")).isPresent();
  }
}
