package dev.agentfleet.starter.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.playbook.InputField;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  private static final List<InputField> CONTRACT =
      List.of(
          new InputField("id", "string", true, null),
          new InputField("subject", "string", true, null),
          new InputField("amount", "number", false, null),
          new InputField("vip", "boolean", false, null));

  private static ReadResult read(String csv) throws IOException {
    CsvRecords.Converted converted = CsvRecords.toJsonLines(new StringReader(csv), CONTRACT);
    ReadResult read = new RecordReader(CONTRACT).read(new StringReader(converted.jsonLines()));
    List<Rejection> rejected = new java.util.ArrayList<>(converted.rejected());
    rejected.addAll(read.rejected());
    rejected.sort(java.util.Comparator.comparingInt(Rejection::line));
    return new ReadResult(read.records(), read.duplicates(), rejected);
  }

  @Test
  void reads_rows_by_the_header_with_quoted_commas_quotes_and_line_breaks() throws IOException {
    ReadResult read =
        read(
            "\uFEFFid,subject,amount,vip\r\n"
                + "T-1,\"Refund, please\",12.50,true\r\n"
                + "T-2,\"She said \"\"hi\"\"\non two lines\",,FALSE\r\n"
                + "T-3,Plain,7,\r\n");

    assertThat(read.rejected()).isEmpty();
    assertThat(read.records()).hasSize(3);
    assertThat(read.records().get(0).item().fields())
        .containsEntry("subject", "Refund, please")
        .containsEntry("amount", 12.5)
        .containsEntry("vip", true);
    assertThat(read.records().get(1).item().fields())
        .containsEntry("subject", "She said \"hi\"\non two lines")
        .containsEntry("vip", false)
        .doesNotContainKey("amount");
    // each record keeps the line its row starts on: T-2 spans lines 3-4, so T-3 is on line 5
    assertThat(read.records()).extracting(r -> r.line()).containsExactly(2, 3, 5);
  }

  @Test
  void rejects_bad_rows_with_their_line_numbers_and_reads_the_rest() throws IOException {
    ReadResult read =
        read(
            "id,subject,amount,vip\n"
                + "T-1,ok,1,true\n"
                + "T-2,too,many,values,here\n"
                + "T-3,,2,true\n"
                + "T-4,amount is text,lots,true\n"
                + "\n"
                + "T-5,\"bad\"quote,1,true\n"
                + "T-6,fine,3,false\n"
                + "T-7,\"never closed,1,true\n");

    assertThat(read.records()).extracting(r -> r.item().id()).containsExactly("T-1", "T-6");
    assertThat(read.rejected()).extracting(Rejection::line).containsExactly(3, 4, 5, 7, 9);
    assertThat(read.rejected().get(0).error()).contains("5 values", "4 columns");
    assertThat(read.rejected().get(1).error()).contains("missing required field \"subject\"");
    assertThat(read.rejected().get(2).error()).contains("\"amount\" must be a number");
    assertThat(read.rejected().get(3).error()).contains("after a closing quote");
    assertThat(read.rejected().get(4).error()).contains("never closed");
  }

  @Test
  void a_header_without_an_id_column_rejects_the_file_at_line_1() throws IOException {
    ReadResult read = read("ticket,subject\nT-1,hello\n");

    assertThat(read.records()).isEmpty();
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(1);
              assertThat(r.error()).contains("\"id\" column");
            });
  }
}
