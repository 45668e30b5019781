package dev.agentfleet.starter.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.blobstore.FolderBlobStore;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.playbook.InputField;
import dev.agentfleet.workflows.run.WorkItem;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReaderClaimCheckTest {

  private static final List<InputField> TICKET =
      List.of(
          new InputField("id", "string", true, 64),
          new InputField("from", "string", true, 320),
          new InputField("subject", "string", true, 200),
          new InputField("body", "string", true, 8 * 1024 * 1024));

  @TempDir Path blobs;

  private RecordReader reader(long maxLineBytes) {
    return new RecordReader(
        TICKET, new ClaimCheck(new FolderBlobStore(blobs), 128 * 1024), maxLineBytes);
  }

  private static String ticket(String id, String body) {
    return "{\"id\":\""
        + id
        + "\",\"from\":\"a@example.com\",\"subject\":\"Order wrong\",\"body\":\""
        + body
        + "\"}";
  }

  private List<Path> storedFiles() throws Exception {
    if (!Files.exists(blobs)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(blobs)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void moves_a_5_mb_body_to_the_blob_store_and_keeps_the_work_item_under_64_kb() throws Exception {
    String body = "Please help, order A-12001 is wrong. ".repeat(140_000); // about 5.2 MB
    ReadResult result =
        reader(RecordReader.DEFAULT_MAX_LINE_BYTES)
            .read(new StringReader(ticket("T-1", "short") + "\n" + ticket("T-2", body)));

    assertThat(result.rejected()).isEmpty();
    WorkItem big = result.records().get(1).item();
    assertThat(new ObjectMapper().writeValueAsBytes(big).length).isLessThan(64 * 1024);
    assertThat(big.fields()).containsEntry("subject", "Order wrong");
    Object reference = big.fields().get("body");
    assertThat(BlobReferences.isReference(reference)).isTrue();
    BlobRef ref = BlobReferences.ref(reference);
    assertThat(ref.size()).isEqualTo(body.length());
    assertThat(new FolderBlobStore(blobs).readText(ref)).isEqualTo(body);
    assertThat(BlobReferences.preview(reference)).startsWith("Please help, order A-12001");
    assertThat(result.records().get(0).item().fields()).containsEntry("body", "short");
    assertThat(storedFiles()).containsExactly(new FolderBlobStore(blobs).pathOf(ref));
  }

  @Test
  void checks_max_length_on_the_whole_text_before_moving_it() throws Exception {
    String tooLong = "x".repeat(8 * 1024 * 1024 + 1);

    ReadResult result =
        reader(RecordReader.DEFAULT_MAX_LINE_BYTES).read(new StringReader(ticket("T-3", tooLong)));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(r -> assertThat(r.error()).contains("the limit is 8388608"));
    assertThat(storedFiles()).as("a rejected record stores nothing").isEmpty();
  }

  @Test
  void rejects_a_line_over_the_configured_limit_and_reads_on() throws Exception {
    ReadResult result =
        reader(1024 * 1024)
            .read(
                new StringReader(
                    ticket("T-4", "y".repeat(2 * 1024 * 1024)) + "\n" + ticket("T-5", "fine")));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(1);
              assertThat(r.error())
                  .contains("the limit is 1048576 bytes")
                  .contains("FLEET_MAX_RECORD_BYTES");
            });
    assertThat(result.records()).extracting(r -> r.item().id()).containsExactly("T-5");
  }

  @Test
  void rejects_a_record_whose_large_values_are_not_text() throws Exception {
    String numbers = "1,".repeat(200_000) + "1";
    RecordReader open =
        new RecordReader(
            List.of(), new ClaimCheck(new FolderBlobStore(blobs), 128 * 1024), 16 * 1024 * 1024);

    ReadResult result =
        open.read(new StringReader("{\"id\":\"T-6\",\"readings\":[" + numbers + "]}"));

    assertThat(result.records()).isEmpty();
    assertThat(result.rejected())
        .singleElement()
        .satisfies(r -> assertThat(r.error()).contains("cannot travel by reference"));
  }
}
