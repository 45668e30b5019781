package dev.agentfleet.blobstore;

/** A blob store that could not do what was asked; the message says what and where. */
public class BlobStoreException extends RuntimeException {

  /** Why the store failed, so callers can tell a retry that may help from one that cannot. */
  public enum Reason {
    /** The store could not be reached, read or written; a later try may succeed. */
    UNAVAILABLE,
    /** The blob is not in the store: written elsewhere, or this is not the shared store. */
    MISSING,
    /** The blob's bytes do not match their name: changed or damaged after they were written. */
    CORRUPT
  }

  private final Reason reason;

  public BlobStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
