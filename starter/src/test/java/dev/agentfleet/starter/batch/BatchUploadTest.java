package dev.agentfleet.starter.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.blobstore.FolderBlobStore;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.ChunkFormat;
import dev.agentfleet.workflows.run.WorkItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchUploadTest {

  @TempDir Path blobs;

  private static List<InputRecord> records(int n, int bodyChars) {
    List<InputRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "R-" + i;
      records.add(
          new InputRecord(
              i + 1, new WorkItem(id, Map.of("id", id, "body", "x".repeat(bodyChars)))));
    }
    return records;
  }

  @Test
  void cuts_records_into_chunks_by_count_and_size_and_keeps_their_order() {
    FolderBlobStore store = new FolderBlobStore(blobs);
    List<InputRecord> records = records(1_234, 100);

    List<BatchChunk> chunks = new BatchUpload(store).records(records);

    assertThat(chunks).extracting(BatchChunk::records).containsExactly(500, 500, 234);
    List<String> ids = new ArrayList<>();
    for (BatchChunk chunk : chunks) {
      assertThat(chunk.blob().mediaType()).isEqualTo(ChunkFormat.MEDIA_TYPE);
      ChunkFormat.decode(store.read(chunk.blob())).forEach(item -> ids.add(item.id()));
    }
    assertThat(ids).hasSize(1_234).startsWith("R-0", "R-1").endsWith("R-1233");
    // large records make smaller chunks, each under the byte bound
    List<BatchChunk> big = new BatchUpload(store).records(records(50, 10_000));
    assertThat(big.size()).isGreaterThan(1);
    assertThat(big)
        .allSatisfy(c -> assertThat(c.blob().size()).isLessThanOrEqualTo(BatchUpload.MAX_BYTES));
  }

  @Test
  void the_same_records_give_the_same_references() {
    FolderBlobStore store = new FolderBlobStore(blobs);

    assertThat(new BatchUpload(store).records(records(700, 10)))
        .isEqualTo(new BatchUpload(store).records(records(700, 10)));
  }

  @Test
  void rejected_lines_round_trip_through_the_store_and_none_is_no_blob() {
    FolderBlobStore store = new FolderBlobStore(blobs);
    List<Rejection> rejected =
        List.of(new Rejection(3, "malformed JSON"), new Rejection(9, "no id"));

    var ref = new BatchUpload(store).rejected(rejected);

    assertThat(BatchUpload.readRejected(store, ref)).isEqualTo(rejected);
    assertThat(new BatchUpload(store).rejected(List.of())).isNull();
    assertThat(BatchUpload.readRejected(store, null)).isEmpty();
  }
}
