package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledFileTest {

  private static LabelledFile.Read csv(String text) throws IOException {
    return LabelledFile.read(new StringReader(text), LabelledFile.Format.CSV);
  }

  private static LabelledFile.Read jsonl(String text) throws IOException {
    return LabelledFile.read(new StringReader(text), LabelledFile.Format.JSONL);
  }

  @Test
  void csv_quoted_values_keep_commas_quotes_and_line_breaks_and_rows_keep_their_first_line()
      throws IOException {
    LabelledFile.Read read =
        csv(
            "text,category\n"
                + "\"card lost, please help\",lost_or_stolen_card\n"
                + "\"she said \"\"hi\"\"\",greeting\n"
                + "\"two\nlines\",card_arrival\n"
                + "plain,top_up\n");
    assertThat(read.columns()).containsExactly("text", "category");
    assertThat(read.problems()).isEmpty();
    assertThat(read.rows()).extracting(LabelledFile.Row::line).containsExactly(2, 3, 4, 6);
    assertThat(read.rows().get(0).values())
        .isEqualTo(Map.of("text", "card lost, please help", "category", "lost_or_stolen_card"));
    assertThat(read.rows().get(1).values().get("text")).isEqualTo("she said \"hi\"");
    assertThat(read.rows().get(2).values().get("text")).isEqualTo("two\nlines");
  }

  @Test
  void csv_bad_rows_are_reported_with_their_line_and_the_rest_is_read() throws IOException {
    LabelledFile.Read read =
        csv(
            "text,category\r\n"
                + "one,a\r\n"
                + "too,many,values\r\n"
                + "bad\"quote,b\r\n"
                + "\"closed\"tail,c\r\n"
                + "\r\n"
                + "last,d\r\n");
    assertThat(read.rows()).extracting(LabelledFile.Row::line).containsExactly(2, 7);
    assertThat(read.problems())
        .extracting(LabelledFile.Problem::toString)
        .containsExactly(
            "line 3: expected 2 values (text,category), got 3",
            "line 4: a quote inside an unquoted value; quote the whole value",
            "line 5: text after a closing quote; quote the whole value");
  }

  @Test
  void csv_a_quote_that_never_closes_is_reported_where_it_opened() throws IOException {
    LabelledFile.Read read = csv("text,label\nok,a\n\"never closed,b\nmore,c\n");
    assertThat(read.rows()).hasSize(1);
    assertThat(read.problems())
        .extracting(LabelledFile.Problem::toString)
        .containsExactly("line 3: a quoted value opened on this line never closes");
  }

  @Test
  void csv_empty_cells_are_missing_values_and_a_byte_order_mark_is_not_part_of_the_header()
      throws IOException {
    LabelledFile.Read read = csv("\uFEFFid,text,label\n,hello,a\n");
    assertThat(read.columns()).containsExactly("id", "text", "label");
    assertThat(read.rows().get(0).values()).isEqualTo(Map.of("text", "hello", "label", "a"));
  }

  @Test
  void csv_a_header_with_repeated_names_is_refused() throws IOException {
    LabelledFile.Read read = csv("text,text\na,b\n");
    assertThat(read.rows()).isEmpty();
    assertThat(read.problems().get(0).toString())
        .startsWith("line 1: the header row needs distinct");
  }

  @Test
  void jsonl_reads_objects_keeps_types_and_reports_bad_lines() throws IOException {
    LabelledFile.Read read =
        jsonl(
            "{\"id\":\"T-1\",\"text\":\"hello\",\"label\":\"a\",\"amount\":12.5}\n"
                + "\n"
                + "{\"id\":\"T-2\",\"text\":\"broken\"\n"
                + "[1,2]\n"
                + "{\"id\":\"T-3\",\"text\":\"x\",\"label\":\"b\",\"note\":null}\n"
                + "{\"id\":\"T-4\",\"id\":\"again\"}\n");
    assertThat(read.rows()).extracting(LabelledFile.Row::line).containsExactly(1, 5);
    assertThat(read.rows().get(0).values().get("amount")).isEqualTo(12.5);
    assertThat(read.rows().get(1).values()).doesNotContainKey("note");
    assertThat(read.columns()).containsExactly("id", "text", "label", "amount");
    assertThat(read.problems()).extracting(LabelledFile.Problem::line).containsExactly(3, 4, 6);
    assertThat(read.problems().get(1).message()).isEqualTo("expected a JSON object, got ARRAY");
    assertThat(read.problems().get(0).message()).startsWith("not valid JSON");
  }

  @Test
  void the_format_comes_from_the_name_else_from_the_first_character() {
    assertThat(LabelledFile.formatOf("x.CSV", "{")).isEqualTo(LabelledFile.Format.CSV);
    assertThat(LabelledFile.formatOf("x.jsonl", "text")).isEqualTo(LabelledFile.Format.JSONL);
    assertThat(LabelledFile.formatOf("data", "  {\"a\":1}")).isEqualTo(LabelledFile.Format.JSONL);
    assertThat(LabelledFile.formatOf("data", "text,label")).isEqualTo(LabelledFile.Format.CSV);
  }
}
