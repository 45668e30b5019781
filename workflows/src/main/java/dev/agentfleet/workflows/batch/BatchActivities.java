package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Reads a batch's records from the blob store, one chunk at a time, when the batch needs them; the
 * batch holds at most one chunk in memory.
 */
@ActivityInterface
public interface BatchActivities {

  /** Failure type of a chunk whose blob does not hold what its reference says; never retried. */
  String CHUNK_INVALID = "BatchChunkInvalid";

  /**
   * The chunk's records in input order. A blob that cannot be read now fails the call with a
   * retryable error (the store may come back); one whose bytes or count do not match its reference
   * fails with the non-retryable {@link #CHUNK_INVALID}.
   */
  @ActivityMethod(name = "BatchReadChunk")
  List<WorkItem> readChunk(BatchChunk chunk);
}
