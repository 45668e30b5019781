package dev.agentfleet.blobstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where large values go and when, loaded once from the environment by the CLI and by each worker.
 *
 * @param url {@code FLEET_BLOB_URL}: unset (or {@code file:}) for the folder store; {@code
 *     s3://bucket/prefix} names an S3-compatible store, which this build does not include yet
 * @param folder {@code FLEET_BLOB_DIR}, default {@code $FLEET_HOME/blobs}: the folder store's root,
 *     which the CLI and every worker must share
 * @param claimCheckBytes {@code FLEET_CLAIM_CHECK_BYTES}, default 131072 (128 KiB): a text value
 *     larger than this many UTF-8 bytes travels by reference
 * @param contextChars {@code FLEET_BLOB_CONTEXT_CHARS}, default 32768: how many characters of a
 *     referenced text a model call receives; the rest is cut with a marker
 */
public record BlobSettings(String url, Path folder, long claimCheckBytes, int contextChars) {

  /** The default claim-check threshold: 128 KiB, half of Temporal's 256 KB payload warning. */
  public static final long DEFAULT_CLAIM_CHECK_BYTES = 128 * 1024;

  /** The default cut of a referenced text in a model call: about 8k tokens. */
  public static final int DEFAULT_CONTEXT_CHARS = 32 * 1024;

  /** The smallest threshold accepted; below it a reference would outweigh what it replaces. */
  public static final long MIN_CLAIM_CHECK_BYTES = 4 * 1024;

  public BlobSettings {
    url = url == null || url.isBlank() ? null : url.trim();
    checkUrl(url);
    if (claimCheckBytes < MIN_CLAIM_CHECK_BYTES) {
      throw new IllegalArgumentException(
          "FLEET_CLAIM_CHECK_BYTES must be at least "
              + MIN_CLAIM_CHECK_BYTES
              + " bytes, got "
              + claimCheckBytes);
    }
    if (contextChars < 1) {
      throw new IllegalArgumentException(
          "FLEET_BLOB_CONTEXT_CHARS must be positive, got " + contextChars);
    }
  }

  /**
   * Reads the settings.
   *
   * @param home the fleet home, under which the default folder lies
   * @param base what a relative {@code FLEET_BLOB_DIR} is relative to
   * @throws IllegalArgumentException when a value is malformed, naming the variable
   */
  public static BlobSettings fromEnv(Map<String, String> env, Path home, Path base) {
    String dir = env.get("FLEET_BLOB_DIR");
    Path folder = dir == null || dir.isBlank() ? home.resolve("blobs") : base.resolve(dir.trim());
    return new BlobSettings(
        env.get("FLEET_BLOB_URL"),
        folder.toAbsolutePath().normalize(),
        number(env, "FLEET_CLAIM_CHECK_BYTES", DEFAULT_CLAIM_CHECK_BYTES),
        (int)
            Math.min(
                Integer.MAX_VALUE, number(env, "FLEET_BLOB_CONTEXT_CHARS", DEFAULT_CONTEXT_CHARS)));
  }

  /** Opens the configured store: a folder, the only kind this build includes. */
  public BlobStore open() {
    return new FolderBlobStore(url == null ? folder : Path.of(URI.create(url)));
  }

  /**
   * Refuses a store this build lacks at configuration time, so a worker or the CLI stops at start
   * with what to do rather than at the first large record.
   */
  private static void checkUrl(String url) {
    if (url == null || url.startsWith("file:/")) {
      return;
    }
    if (url.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      throw new IllegalArgumentException(
          "FLEET_BLOB_URL="
              + url
              + " asks for an S3-compatible blob store, which this build does not include; unset"
              + " FLEET_BLOB_URL and share one folder between the CLI and the workers with"
              + " FLEET_BLOB_DIR (an NFS or SMB mount works), or add an S3 BlobStore");
    }
    throw new IllegalArgumentException(
        "FLEET_BLOB_URL must be a file:/ URL or s3://bucket/prefix, got '" + url + "'");
  }

  /** The settings for the store, as one line for logs. */
  public String describe() {
    return (url == null ? "folder " + folder : url)
        + ", claim check over "
        + claimCheckBytes
        + " bytes";
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'", e);
    }
  }
}
