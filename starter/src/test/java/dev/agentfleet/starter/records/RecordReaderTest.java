package dev.agentfleet.starter.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.InputField;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

  private static final List<InputField> TICKET =
      List.of(
          new InputField("id", "string", true, 64),
          new InputField("from", "string", true, 320),
          new InputField("subject", "string", true, 200),
          new InputField("body", "string", true, 20_000),
          new InputField("orderId", "string", false, 64),
          new InputField("priority", "number", false, null),
          new InputField("vip", "boolean", false, null));

  private final RecordReader reader = new RecordReader(TICKET);

  private ReadResult read(String... lines) throws IOException {
    return reader.read(new StringReader(String.join("\n", lines)));
  }

  private static String ticket(String id) {
    return "{\"id\":\""
        + id
        + "\",\"from\":\"a@example.com\",\"subject\":\"Hi\",\"body\":\"Help\"}";
  }

  @Test
  void reads_valid_records_with_their_line_numbers_and_declared_fields() throws IOException {
    ReadResult result =
        read(
            "{\"id\":\"T-1\",\"from\":\"a@example.com\",\"subject\":\"Refund\",\"body\":\"Please\","
                + "\"orderId\":\"O-9\",\"priority\":2,\"vip\":true,\"extra\":\"dropped\"}",
            ticket("T-2"));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).extracting(InputRecord::line).containsExactly(1, 2);
    InputRecord first = result.records().get(0);
    assertThat(first.item().id()).isEqualTo("T-1");
    assertThat(first.item().fields())
        .containsEntry("subject", "Refund")
        .containsEntry("orderId", "O-9")
        .containsEntry("priority", 2L)
        .containsEntry("vip", true)
        .doesNotContainKey("extra");
  }

  @Test
  void skips_blank_lines_silently_but_keeps_counting_them() throws IOException {
    ReadResult result = read("", ticket("T-1"), "   ", "\t", ticket("T-2"), "");

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).extracting(InputRecord::line).containsExactly(2, 5);
  }

  @Test
  void rejects_malformed_json_with_its_line_number_and_reads_the_lines_after_it()
      throws IOException {
    ReadResult result = read(ticket("T-1"), "{\"id\": \"T-2\", \"subject\": ", ticket("T-3"));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(2);
              assertThat(r.error()).startsWith("malformed JSON at column").doesNotContain("Source");
            });
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-1", "T-3");
  }

  @Test
  void rejects_trailing_garbage_and_repeated_keys_as_malformed() throws IOException {
    ReadResult result =
        read(
            ticket("T-1") + " {}",
            "{\"id\":\"T-2\",\"id\":\"T-3\",\"from\":\"a\",\"subject\":\"s\",\"body\":\"b\"}");

    assertThat(result.rejected()).extracting(Rejection::line).containsExactly(1, 2);
    assertThat(result.rejected()).allSatisfy(r -> assertThat(r.error()).startsWith("malformed"));
    assertThat(result.rejected().get(1).error()).contains("id");
  }

  @Test
  void rejects_json_that_is_not_an_object() throws IOException {
    ReadResult result = read("[1,2]", "\"text\"", "42", "null");

    assertThat(result.rejected())
        .extracting(Rejection::line, Rejection::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "expected a JSON object, got an array"),
            org.assertj.core.groups.Tuple.tuple(2, "expected a JSON object, got a string"),
            org.assertj.core.groups.Tuple.tuple(3, "expected a JSON object, got a number"),
            org.assertj.core.groups.Tuple.tuple(4, "expected a JSON object, got null"));
  }

  @Test
  void rejects_a_record_missing_required_fields_naming_each_of_them() throws IOException {
    ReadResult result = read("{\"id\":\"T-1\",\"from\":\"a@example.com\",\"body\":null}");

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.error())
                    .contains("missing required field \"subject\"")
                    .contains("missing required field \"body\""));
  }

  @Test
  void rejects_a_record_without_an_id_or_with_an_empty_one() throws IOException {
    ReadResult result =
        read(
            "{\"from\":\"a\",\"subject\":\"s\",\"body\":\"b\"}",
            "{\"id\":\"  \",\"from\":\"a\",\"subject\":\"s\",\"body\":\"b\"}");

    assertThat(result.rejected())
        .extracting(Rejection::error)
        .containsExactly("missing required field \"id\"", "field \"id\" must not be empty");
  }

  @Test
  void rejects_wrong_types_saying_what_was_expected_and_what_came() throws IOException {
    ReadResult result =
        read(
            "{\"id\":\"T-1\",\"from\":\"a\",\"subject\":42,\"body\":\"b\"}",
            "{\"id\":7,\"from\":\"a\",\"subject\":\"s\",\"body\":\"b\"}",
            "{\"id\":\"T-3\",\"from\":\"a\",\"subject\":\"s\",\"body\":\"b\",\"priority\":\"high\"}",
            "{\"id\":\"T-4\",\"from\":\"a\",\"subject\":\"s\",\"body\":[\"b\"],\"vip\":\"yes\"}");

    assertThat(result.records()).isEmpty();
    assertThat(result.rejected())
        .extracting(Rejection::line, Rejection::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, "field \"subject\" must be a string, got a number"),
            org.assertj.core.groups.Tuple.tuple(2, "field \"id\" must be a string, got a number"),
            org.assertj.core.groups.Tuple.tuple(
                3, "field \"priority\" must be a number, got a string"),
            org.assertj.core.groups.Tuple.tuple(
                4,
                "field \"body\" must be a string, got an array; field \"vip\" must be a boolean,"
                    + " got a string"));
  }

  @Test
  void rejects_a_string_longer_than_its_max_length() throws IOException {
    String longSubject = "x".repeat(201);
    ReadResult result =
        read("{\"id\":\"T-1\",\"from\":\"a\",\"subject\":\"" + longSubject + "\",\"body\":\"b\"}");

    assertThat(result.rejected())
        .singleElement()
        .extracting(Rejection::error)
        .isEqualTo("field \"subject\" is 201 characters long, the limit is 200");
  }

  @Test
  void counts_max_length_in_characters_so_emoji_are_not_penalised() throws IOException {
    String subject = "🎉".repeat(200);
    ReadResult result =
        read("{\"id\":\"T-1\",\"from\":\"a\",\"subject\":\"" + subject + "\",\"body\":\"b\"}");

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records().get(0).item().fields()).containsEntry("subject", subject);
  }

  @Test
  void rejects_a_record_over_256_kib_without_keeping_it_and_reads_on() throws IOException {
    String huge =
        "{\"id\":\"T-2\",\"from\":\"a\",\"subject\":\"s\",\"body\":\""
            + "y".repeat(3_000_000)
            + "\"}";
    ReadResult result =
        new RecordReader(List.of())
            .read(new StringReader(ticket("T-1") + "\n" + huge + "\n" + ticket("T-3")));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(2);
              assertThat(r.error())
                  .startsWith("record is 3000047 bytes, the limit is 262144 bytes");
            });
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-1", "T-3");
  }

  @Test
  void accepts_a_record_just_under_the_size_limit() throws IOException {
    String prefix = "{\"id\":\"T-1\",\"body\":\"";
    String body = "z".repeat(RecordReader.MAX_RECORD_BYTES - prefix.length() - 2);
    ReadResult result = new RecordReader(List.of()).read(new StringReader(prefix + body + "\"}"));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(1);
  }

  @Test
  void reports_a_repeated_id_as_a_duplicate_of_its_first_line() throws IOException {
    ReadResult result = read(ticket("T-1"), ticket("T-2"), ticket("T-1"));

    assertThat(result.records()).extracting(InputRecord::line).containsExactly(1, 2);
    assertThat(result.duplicates()).containsExactly(new Duplicate(3, "T-1", 1));
  }

  @Test
  void accepts_non_latin_scripts_and_emoji_in_ids_and_text() throws IOException {
    ReadResult result =
        read(
            "{\"id\":\"チケット-7\",\"from\":\"ирина@example.com\",\"subject\":\"استرداد المبلغ 💸\","
                + "\"body\":\"商品が届きません 😡 — где мой заказ?\"}");

    assertThat(result.rejected()).isEmpty();
    InputRecord record = result.records().get(0);
    assertThat(record.item().id()).isEqualTo("チケット-7");
    assertThat(record.item().fields())
        .containsEntry("subject", "استرداد المبلغ 💸")
        .containsEntry("body", "商品が届きません 😡 — где мой заказ?");
  }

  @Test
  void accepts_an_empty_body_because_present_is_enough_for_required_text() throws IOException {
    ReadResult result = read("{\"id\":\"T-1\",\"from\":\"a\",\"subject\":\"s\",\"body\":\"\"}");

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records().get(0).item().fields()).containsEntry("body", "");
  }

  @Test
  void handles_windows_line_endings_and_a_byte_order_mark() throws IOException {
    ReadResult result =
        reader.read(new StringReader("\uFEFF" + ticket("T-1") + "\r\n" + ticket("T-2") + "\r\n"));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-1", "T-2");
  }

  @Test
  void without_a_contract_passes_every_field_and_still_requires_an_id() throws IOException {
    ReadResult result =
        new RecordReader(List.of())
            .read(new StringReader("{\"id\":\"A\",\"n\":1.5,\"tags\":[\"x\"]}\n{\"n\":2}"));

    assertThat(result.records().get(0).item().fields())
        .containsEntry("n", 1.5)
        .containsEntry("tags", List.of("x"));
    assertThat(result.rejected())
        .containsExactly(new Rejection(2, "missing required field \"id\""));
  }
}
