package dev.agentfleet.starter.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.playbook.InputField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch's input is read as strict UTF-8 (issue 11): a JSON Lines line with invalid bytes is a
 * rejection with its number while the rest goes on; a CSV file with invalid bytes is refused whole,
 * since its records may span lines.
 */
class BatchSourceUtf8Test {

  private static final List<InputField> CONTRACT =
      List.of(
          new InputField("id", "string", true, null),
          new InputField("subject", "string", true, null));

  @Test
  void jsonl_batch_rejects_the_invalid_line_and_reads_the_rest() {
    byte[] input =
        join(
            "{\"id\":\"A-1\",\"subject\":\"ok\"}\n{\"id\":\"A-",
            new byte[] {(byte) 0x80},
            "\",\"subject\":\"lost?\"}\n{\"id\":\"A-3\",\"subject\":\"ok\"}\n");
    BatchSource source =
        BatchSource.open("-", BatchSource.Format.JSONL, new ByteArrayInputStream(input));

    ReadResult read = source.read(new RecordReader(CONTRACT), CONTRACT);

    assertThat(read.rejected()).extracting(Rejection::line).containsExactly(2);
    assertThat(read.rejected().get(0).error()).contains("invalid UTF-8");
    assertThat(read.records()).extracting(r -> r.item().id()).containsExactly("A-1", "A-3");
  }

  @Test
  void csv_batch_with_invalid_bytes_is_refused_not_repaired() {
    byte[] input = join("id,subject\nB-1,ok\nB-", new byte[] {(byte) 0xff}, ",bad\n");
    BatchSource source =
        BatchSource.open("-", BatchSource.Format.CSV, new ByteArrayInputStream(input));

    assertThatThrownBy(() -> source.read(new RecordReader(CONTRACT), CONTRACT))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("stdin is not valid UTF-8");
  }

  private static byte[] join(String a, byte[] bad, String b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bad);
    out.writeBytes(b.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
