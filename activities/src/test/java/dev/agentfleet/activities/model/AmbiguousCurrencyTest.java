package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline extraction does not guess a currency several share: the amount comes without one (and
 * goes to a person), unless the text states the same amount with an unambiguous code too.
 */
class AmbiguousCurrencyTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          please refund ¥45 for the headphones                       | 45    | none
          我想申请退款 ¥45。please refund 45 CNY                        | 45    | CNY
          金額は ¥4,500 です (4500 JPY)                                 | 4500  | JPY
          I paid $24.99 and want it back                             | 24.99 | none
          I paid US$24.99 and want it back                           | 24.99 | USD
          it was CA$30 at checkout                                   | 30    | CAD
          that cost me 120 dollars                                   | 120   | none
          the chair was 450 kr                                       | 450   | none
          refund 45 KWD for order 88                                 | 45    | KWD
          please return BHD 12.5                                     | 12.5  | BHD
          I was charged £40 twice                                    | 40    | GBP
          """)
  void an_ambiguous_symbol_gives_an_amount_without_a_currency(
      String text, String amount, String currency) {
    assertThat(TicketExtractor.money(text))
        .hasValueSatisfying(
            money -> {
              assertThat(money.amount()).isEqualByComparingTo(amount);
              assertThat(money.currency()).isEqualTo(currency);
            });
    assertThat(TicketExtractor.currency(text).orElse(null)).isEqualTo(currency);
  }
}
