package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.model.ModelTask;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineExtractionTest {

  private static ModelActivitiesImpl activities;

  @BeforeAll
  static void loadModel() {
    activities =
        ModelActivitiesImpl.builder(ModelConfig.offline())
            .provider(new OfflineModelProvider(SharedEmbeddingModel.get()))
            .build();
  }

  @Test
  void finds_order_amount_and_currency_in_a_messy_ticket_and_satisfies_the_schema() {
    String ticket =
        """
        RE: RE: fwd: charged TWICE?!?!
        hi,,, so i ordered the blender (order #A-10423) and my card got hit for   $42.50 two times
        >>> quoted text from earlier mail, order 99999 ignore <<<
        pls fix this asap, i'm really angry.

        Thanks,
        Maria Gonzalez
        """;

    ModelResponse response = activities.complete(SupportFixtures.extract(ticket));

    assertThat(response.output())
        .containsEntry("orderId", "A-10423")
        .containsEntry("amount", 42.5)
        .as("a bare $ is US, Canadian, Australian, ... dollars: not guessed")
        .containsEntry("currency", null)
        .containsEntry("urgency", "high")
        .containsEntry("customer", "Maria Gonzalez")
        .doesNotContainKey("loyaltyTier");
    assertThat((String) response.output().get("summary"))
        .isEqualTo("RE: RE: fwd: charged TWICE?!?!");
    assertThat(response.model()).isEqualTo("templates");
    assertThat(response.repairs()).isZero();
  }

  @Test
  void reads_a_ticket_in_cyrillic_with_emoji() {
    String ticket =
        "Заказ ORD-5521 не пришёл 😡😡 Верните 1.299,90 € срочно!!! 📦🙏\n\nС уважением,\nИван Петров";

    ModelResponse response = activities.complete(SupportFixtures.extract(ticket));

    assertThat(response.output())
        .containsEntry("orderId", "ORD-5521")
        .containsEntry("amount", 1299.9)
        .containsEntry("currency", "EUR")
        .containsEntry("urgency", "high")
        .containsEntry("customer", "Иван Петров");
  }

  @Test
  void reads_a_ticket_in_japanese() {
    String ticket = "注文番号 88123 の返金をお願いします。金額は ¥4,500 です。至急対応してください🙇";

    ModelResponse response = activities.complete(SupportFixtures.extract(ticket));

    assertThat(response.output())
        .containsEntry("orderId", "88123")
        .containsEntry("amount", 4500.0)
        .as("a bare ¥ is yen or yuan: not guessed")
        .containsEntry("currency", null)
        .containsEntry("urgency", "high")
        .containsEntry("summary", "注文番号 88123 の返金をお願いします");
  }

  @Test
  void writes_null_for_required_nullable_fields_the_text_does_not_mention() {
    ModelResponse response =
        activities.complete(
            SupportFixtures.extract("Hello team,\nCould you tell me your opening hours? No rush."));

    assertThat(response.output())
        .containsEntry("orderId", null)
        .containsEntry("amount", null)
        .containsEntry("currency", null)
        .containsEntry("urgency", "low")
        .containsEntry("summary", "Could you tell me your opening hours?");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          please refund 42,50 € for the mug         | 42.5    | EUR
          I paid EUR 120 and got nothing            | 120.0   | EUR
          that was 120 US$ down the drain           | 120.0   | USD
          charged £1,234.56 instead of £12          | 1234.56 | GBP
          the kit cost CHF 89.90                    | 89.9    | CHF
          il manque 1 299 € sur ma facture          | 1299.0  | EUR
          it cost 1.234 euros, not 1.000            | 1234.0  | EUR
          """)
  void reads_amounts_the_way_people_write_them(String text, double amount, String currency) {
    assertThat(TicketExtractor.money(text))
        .hasValueSatisfying(
            money -> {
              assertThat(money.amount().doubleValue()).isEqualTo(amount);
              assertThat(money.currency()).isEqualTo(currency);
            });
  }

  @Test
  void trims_a_long_first_sentence_to_the_summary_limit() {
    String sentence = "word ".repeat(60).strip() + ".";

    String summary = TicketExtractor.summary(sentence, 160);

    assertThat(summary).hasSizeLessThanOrEqualTo(160).endsWith("…");
  }

  @Test
  void takes_the_customer_name_from_the_email_when_there_is_no_sign_off() {
    ModelResponse response =
        activities.complete(
            SupportFixtures.request(
                "extract",
                "small",
                ModelTask.EXTRACT,
                """
                {"type":"object","required":["customer","email"],
                 "properties":{"customer":{"type":"string"},"email":{"type":"string"}}}
                """,
                0,
                Map.of("text", "where is my stuff", "email", "jane.doe42@example.com")));

    assertThat(response.output())
        .containsEntry("customer", "Jane Doe")
        .containsEntry("email", "jane.doe42@example.com");
  }
}
