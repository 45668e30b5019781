package dev.agentfleet.activities.batch;

import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.blobstore.BlobStoreException;
import dev.agentfleet.workflows.batch.BatchActivities;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.ChunkFormat;
import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a batch's records from the shared blob store, where the CLI put them. Reading has no
 * effect, so a retry is always safe. A blob that is missing or unreadable fails the call with the
 * retryable {@code BlobUnavailable} (the CLI and the workers may not share the store yet, or it may
 * come back); a blob whose bytes do not match its name, or that does not hold the records its
 * reference counts, fails with the non-retryable {@link BatchActivities#CHUNK_INVALID}.
 */
public final class BatchActivitiesImpl implements BatchActivities {

  /** Failure type of a chunk blob that cannot be read now; retried. */
  public static final String BLOB_UNAVAILABLE = "BlobUnavailable";

  private static final Logger log = LoggerFactory.getLogger(BatchActivitiesImpl.class);

  private final BlobStore store;

  public BatchActivitiesImpl(BlobStore store) {
    this.store = store;
  }

  @Override
  public List<WorkItem> readChunk(BatchChunk chunk) {
    byte[] bytes;
    try {
      bytes = store.read(chunk.blob());
    } catch (BlobStoreException e) {
      log.warn("batch chunk unreadable: blob={} reason={}", chunk.blob().uri(), e.reason());
      if (e.reason() == BlobStoreException.Reason.CORRUPT) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), CHUNK_INVALID);
      }
      throw ApplicationFailure.newFailure(e.getMessage(), BLOB_UNAVAILABLE);
    }
    List<WorkItem> items;
    try {
      items = ChunkFormat.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "batch chunk " + chunk.blob().uri() + ": " + e.getMessage(), CHUNK_INVALID);
    }
    if (items.size() != chunk.records()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "batch chunk "
              + chunk.blob().uri()
              + " holds "
              + items.size()
              + " records, its reference says "
              + chunk.records(),
          CHUNK_INVALID);
    }
    log.debug("batch chunk read: blob={} records={}", chunk.blob().uri(), items.size());
    return items;
  }
}
