package dev.agentfleet.activities.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.blobstore.FolderBlobStore;
import dev.agentfleet.workflows.batch.BatchActivities;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.ChunkFormat;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchActivitiesImplTest {

  @TempDir Path blobs;

  private final List<WorkItem> items =
      List.of(
          new WorkItem("T-1", Map.of("id", "T-1", "subject", "Refund")),
          new WorkItem("T-2", Map.of("id", "T-2", "amount", 12)));

  @Test
  void reads_a_chunk_in_input_order() {
    FolderBlobStore store = new FolderBlobStore(blobs);
    BlobRef ref = store.put(ChunkFormat.encode(items), ChunkFormat.MEDIA_TYPE);

    List<WorkItem> read = new BatchActivitiesImpl(store).readChunk(new BatchChunk(ref, 2));

    assertThat(read).isEqualTo(items);
  }

  @Test
  void a_chunk_that_does_not_hold_what_its_reference_counts_is_not_retried() {
    FolderBlobStore store = new FolderBlobStore(blobs);
    BlobRef ref = store.put(ChunkFormat.encode(items), ChunkFormat.MEDIA_TYPE);

    assertThatThrownBy(() -> new BatchActivitiesImpl(store).readChunk(new BatchChunk(ref, 3)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(BatchActivities.CHUNK_INVALID);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("holds 2 records", "says 3");
            });
  }

  @Test
  void a_missing_blob_is_retried_and_a_changed_one_is_not() throws Exception {
    FolderBlobStore store = new FolderBlobStore(blobs);
    BlobRef missing = BlobRef.ofSha256("ab".repeat(32), 10, ChunkFormat.MEDIA_TYPE);

    assertThatThrownBy(() -> new BatchActivitiesImpl(store).readChunk(new BatchChunk(missing, 1)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(BatchActivitiesImpl.BLOB_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            });

    BlobRef ref = store.put(ChunkFormat.encode(items), ChunkFormat.MEDIA_TYPE);
    Path file = store.pathOf(ref);
    file.toFile().setWritable(true);
    Files.writeString(file, "{\"id\":\"T-9\",\"fields\":{}}\n");
    assertThatThrownBy(() -> new BatchActivitiesImpl(store).readChunk(new BatchChunk(ref, 2)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(BatchActivities.CHUNK_INVALID);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }
}
