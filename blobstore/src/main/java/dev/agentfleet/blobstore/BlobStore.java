package dev.agentfleet.blobstore;

import dev.agentfleet.workflows.blob.BlobRef;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A content-addressed, write-once store of immutable blobs: the claim-check side of large payloads.
 * A blob is named by the SHA-256 of its bytes, so storing the same bytes twice yields the same
 * reference and writes nothing new, and a reader can verify that what it got is what was stored.
 * Every writer (the CLI) and every reader (the workers) of one fleet must share one store.
 */
public interface BlobStore {

  /**
   * Stores the bytes read from {@code content} to its end and returns their reference. The blob is
   * visible to readers only once it is complete and durable; a failed write leaves nothing behind.
   *
   * @throws BlobStoreException when the store cannot be written
   */
  BlobRef put(InputStream content, String mediaType);

  /** Stores the bytes; see {@link #put(InputStream, String)}. */
  default BlobRef put(byte[] content, String mediaType) {
    return put(new ByteArrayInputStream(content), mediaType);
  }

  /** Stores the text as UTF-8 with the media type {@link BlobRef#TEXT}. */
  default BlobRef putText(String text) {
    return put(text.getBytes(StandardCharsets.UTF_8), BlobRef.TEXT);
  }

  /**
   * Reads a whole blob and checks it against its reference.
   *
   * @throws BlobStoreException when the blob is missing, cannot be read, or its bytes do not match
   *     their name (see {@link BlobStoreException#reason()})
   */
  byte[] read(BlobRef ref);

  /** Reads a blob as UTF-8 text; see {@link #read}. */
  default String readText(BlobRef ref) {
    return new String(read(ref), StandardCharsets.UTF_8);
  }

  /** True when the store holds the blob. */
  boolean contains(BlobRef ref);

  /** Where the store keeps its blobs (a folder, a bucket), for messages; never a secret. */
  String location();
}
