package dev.agentfleet.starter.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.blobstore.BlobStoreException;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.ChunkFormat;
import dev.agentfleet.workflows.blob.BlobRef;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a batch's records into the blob store in chunks, so the batch input carries references only.
 * A chunk holds at most {@link #MAX_RECORDS} records and, unless one record alone is larger, at
 * most {@link #MAX_BYTES} bytes: well under Temporal's 256 KB payload warning when the worker hands
 * it to the batch. Blobs are content-addressed: uploading the same input again writes nothing new.
 */
public final class BatchUpload {

  /** The most records in one chunk. */
  public static final int MAX_RECORDS = 500;

  /** The most bytes in one chunk, unless a single record is larger. */
  public static final int MAX_BYTES = 192 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final BlobStore store;
  private final int maxRecords;
  private final int maxBytes;

  public BatchUpload(BlobStore store) {
    this(store, MAX_RECORDS, MAX_BYTES);
  }

  BatchUpload(BlobStore store, int maxRecords, int maxBytes) {
    this.store = store;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Stores the records in input order and returns the chunks' references. */
  public List<BatchChunk> records(List<InputRecord> records) {
    List<BatchChunk> chunks = new ArrayList<>();
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    int count = 0;
    for (InputRecord record : records) {
      byte[] line = ChunkFormat.encode(record.item());
      if (count > 0 && (count == maxRecords || chunk.size() + line.length > maxBytes)) {
        chunks.add(put(chunk.toByteArray(), count));
        chunk.reset();
        count = 0;
      }
      chunk.writeBytes(line);
      count++;
    }
    if (count > 0) {
      chunks.add(put(chunk.toByteArray(), count));
    }
    return chunks;
  }

  /** Stores the rejected lines as a JSON array; null when there are none. */
  public BlobRef rejected(List<Rejection> rejected) {
    if (rejected.isEmpty()) {
      return null;
    }
    try {
      return put(JSON.writeValueAsBytes(rejected), "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rejected lines do not serialize to JSON", e);
    }
  }

  /** Reads back the rejected lines a batch references; empty when the reference is null. */
  public static List<Rejection> readRejected(BlobStore store, BlobRef ref) {
    if (ref == null) {
      return List.of();
    }
    try {
      return List.of(JSON.readValue(store.read(ref), Rejection[].class));
    } catch (java.io.IOException | BlobStoreException e) {
      throw new FleetException("the rejected lines of the batch are unreadable: " + e.getMessage());
    }
  }

  private BatchChunk put(byte[] bytes, int records) {
    return new BatchChunk(put(bytes, ChunkFormat.MEDIA_TYPE), records);
  }

  private BlobRef put(byte[] bytes, String mediaType) {
    try {
      return store.put(bytes, mediaType);
    } catch (BlobStoreException e) {
      throw new FleetException(
          "cannot store the batch's records in the blob store: "
              + e.getMessage()
              + " (FLEET_BLOB_DIR names the folder the CLI and the workers share)");
    }
  }
}
