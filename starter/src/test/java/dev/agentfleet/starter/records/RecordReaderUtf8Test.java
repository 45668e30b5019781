package dev.agentfleet.starter.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.InputField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding "invalid UTF-8 is silently replaced": input bytes that are not UTF-8 reject
 * their line with its number; they are never decoded into replacement characters, so two records
 * whose ids differ only in invalid bytes cannot merge into one run.
 */
class RecordReaderUtf8Test {

  private static final List<InputField> TICKET =
      List.of(
          new InputField("id", "string", true, 64), new InputField("body", "string", true, 20_000));

  private final RecordReader reader = new RecordReader(TICKET);

  @Test
  void ids_differing_only_in_invalid_bytes_are_both_rejected_with_line_numbers()
      throws IOException {
    // given: lines 2 and 3 have ids "T-\xff" and "T-\xfe", which a lenient decoder makes both "T-?"
    byte[] input =
        bytes(
            text("{\"id\":\"T-1\",\"body\":\"ok\"}\n"),
            text("{\"id\":\"T-"),
            new byte[] {(byte) 0xff},
            text("\",\"body\":\"first customer\"}\n"),
            text("{\"id\":\"T-"),
            new byte[] {(byte) 0xfe},
            text("\",\"body\":\"second customer\"}\n"),
            text("{\"id\":\"T-2\",\"body\":\"ok\"}\n"));

    ReadResult result = reader.read(new ByteArrayInputStream(input));

    // then: both bad lines are rejected, named by number, and the valid rest goes on
    assertThat(result.rejected()).extracting(Rejection::line).containsExactly(2, 3);
    assertThat(result.rejected())
        .allSatisfy(
            r ->
                assertThat(r.error())
                    .contains("invalid UTF-8 at byte 10 of the line")
                    .contains("never repaired"));
    assertThat(result.rejected().get(0).error()).contains("bytes ff22");
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-1", "T-2");
    assertThat(result.duplicates()).isEmpty();
    assertThat(result.records())
        .allSatisfy(r -> assertThat(r.item().fields().toString()).doesNotContain("\uFFFD"));
  }

  @Test
  void a_truncated_multibyte_sequence_is_invalid_too() throws IOException {
    // "é" is c3 a9; a lone c3 at the end of the id is half a character
    byte[] input =
        bytes(
            text("{\"id\":\"caf"),
            new byte[] {(byte) 0xc3},
            text("\",\"body\":\"x\"}\r\n"),
            text("{\"id\":\"caf\u00e9\",\"body\":\"x\"}\r\n"));

    ReadResult result = reader.read(new ByteArrayInputStream(input));

    assertThat(result.rejected()).extracting(Rejection::line).containsExactly(1);
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("caf\u00e9");
  }

  @Test
  void valid_utf8_with_a_byte_order_mark_and_crlf_reads_as_before() throws IOException {
    byte[] input =
        bytes(
            new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
            text("{\"id\":\"\u00fcber-1\",\"body\":\"gr\u00fc\u00dfe \ud83d\ude00\"}\r\n"),
            text("\r\n"),
            text("{\"id\":\"T-2\",\"body\":\"ok\"}"));

    ReadResult result = reader.read(new ByteArrayInputStream(input));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).extracting(InputRecord::line).containsExactly(1, 3);
    assertThat(result.records().get(0).item().fields())
        .containsEntry("body", "gr\u00fc\u00dfe \ud83d\ude00");
  }

  @Test
  void an_oversized_line_is_rejected_for_its_size_whatever_its_bytes() throws IOException {
    byte[] big = new byte[RecordReader.MAX_RECORD_BYTES + 10];
    java.util.Arrays.fill(big, (byte) 0xff);
    byte[] input = bytes(big, text("\n{\"id\":\"T-2\",\"body\":\"ok\"}\n"));

    ReadResult result = reader.read(new ByteArrayInputStream(input));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(1);
              assertThat(r.error()).contains("the limit is");
            });
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-2");
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
