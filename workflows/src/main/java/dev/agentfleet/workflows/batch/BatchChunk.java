package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.blob.BlobRef;

/**
 * A slice of a batch's records stored in the blob store: the batch input carries only these
 * references, so ten thousand records never travel in one payload. The blob holds one {@code
 * WorkItem} per line as JSON ({@link ChunkFormat}).
 *
 * @param blob the blob that holds the records
 * @param records how many records the blob holds
 */
public record BatchChunk(BlobRef blob, int records) {

  public BatchChunk {
    if (blob == null) {
      throw new IllegalArgumentException("a batch chunk needs its blob reference");
    }
    if (records < 0) {
      throw new IllegalArgumentException("a chunk cannot hold " + records + " records");
    }
  }
}
