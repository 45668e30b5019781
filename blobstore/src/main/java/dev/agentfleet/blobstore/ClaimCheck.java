package dev.agentfleet.blobstore;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves large text out of a map of values into the blob store and leaves a {@link BlobReferences
 * reference map} in its place, so what travels through Temporal stays small. Only top-level text
 * values are moved; callers that need a hard bound check the size of what remains.
 */
public final class ClaimCheck {

  private final BlobStore store;
  private final long thresholdBytes;

  /**
   * @param thresholdBytes a text value larger than this many UTF-8 bytes is moved
   */
  public ClaimCheck(BlobStore store, long thresholdBytes) {
    this.store = store;
    this.thresholdBytes = thresholdBytes;
  }

  public BlobStore store() {
    return store;
  }

  public long thresholdBytes() {
    return thresholdBytes;
  }

  /** True when the value is text larger than the threshold. */
  public boolean tooLarge(Object value) {
    // A string of n chars holds at most 3n UTF-8 bytes and at least n; count only in between.
    return value instanceof String text
        && (long) text.length() * 3 > thresholdBytes
        && (text.length() > thresholdBytes || BlobReferences.utf8Length(text) > thresholdBytes);
  }

  /**
   * The values with every text larger than the threshold stored and replaced by its reference, in
   * the same order; the same map when nothing was large.
   *
   * @throws BlobStoreException when the store cannot be written
   */
  public Map<String, Object> offload(Map<String, Object> values) {
    if (values.values().stream().noneMatch(this::tooLarge)) {
      return values;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> out.put(name, tooLarge(value) ? reference((String) value) : value));
    return out;
  }

  /** Stores one text and returns its reference map. */
  public Map<String, Object> reference(String text) {
    BlobRef ref = store.putText(text);
    return BlobReferences.reference(ref, text);
  }
}
