package dev.agentfleet.blobstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where large values go and when, loaded once from the environment by the CLI and by each worker.
 *
 * @param url {@code FLEET_BLOB_URL}: unset (or {@code file:}) for the folder store; {@code
 *     s3://bucket/prefix} for an S3-compatible store, configured by {@code s3}
 * @param folder {@code FLEET_BLOB_DIR}, default {@code $FLEET_HOME/blobs}: the folder store's root,
 *     which the CLI and every worker must share; unused with an S3 store
 * @param claimCheckBytes {@code FLEET_CLAIM_CHECK_BYTES}, default 131072 (128 KiB): a text value
 *     larger than this many UTF-8 bytes travels by reference
 * @param contextChars {@code FLEET_BLOB_CONTEXT_CHARS}, default 32768: how many characters of a
 *     referenced text a model call receives; the rest is cut with a marker
 * @param s3 the S3 store's endpoint, region and credentials when {@code url} is {@code s3://...}
 *     ({@code FLEET_S3_*}, see {@link S3Settings#fromEnv}); null otherwise
 */
public record BlobSettings(
    String url, Path folder, long claimCheckBytes, int contextChars, S3Settings s3) {

  /** The default claim-check threshold: 128 KiB, half of Temporal's 256 KB payload warning. */
  public static final long DEFAULT_CLAIM_CHECK_BYTES = 128 * 1024;

  /** The default cut of a referenced text in a model call: about 8k tokens. */
  public static final int DEFAULT_CONTEXT_CHARS = 32 * 1024;

  /** The smallest threshold accepted; below it a reference would outweigh what it replaces. */
  public static final long MIN_CLAIM_CHECK_BYTES = 4 * 1024;

  public BlobSettings {
    url = url == null || url.isBlank() ? null : url.trim();
    if (S3Settings.isS3Url(url)) {
      S3Settings named = S3Settings.fromEnv(url, Map.of());
      if (s3 == null) {
        s3 = named;
      } else if (!named.url().equals(s3.url())) {
        throw new IllegalArgumentException(
            "FLEET_BLOB_URL=" + url + " and the S3 settings for " + s3.url() + " disagree");
      }
    } else {
      checkFileUrl(url);
      if (s3 != null) {
        throw new IllegalArgumentException(
            "S3 settings need FLEET_BLOB_URL=s3://bucket/prefix, got '" + url + "'");
      }
    }
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
   * Settings for a folder store ({@code url} unset or {@code file:}), or an S3 store that uses the
   * AWS defaults (no endpoint, {@code us-east-1}, the default credentials chain).
   */
  public BlobSettings(String url, Path folder, long claimCheckBytes, int contextChars) {
    this(url, folder, claimCheckBytes, contextChars, null);
  }

  /**
   * Reads the settings: the variables above, and for an S3 store the {@code FLEET_S3_*} ones that
   * {@link S3Settings#fromEnv} names.
   *
   * @param home the fleet home, under which the default folder lies
   * @param base what a relative {@code FLEET_BLOB_DIR} is relative to
   * @throws IllegalArgumentException when a value is malformed, naming the variable
   */
  public static BlobSettings fromEnv(Map<String, String> env, Path home, Path base) {
    String dir = env.get("FLEET_BLOB_DIR");
    Path folder = dir == null || dir.isBlank() ? home.resolve("blobs") : base.resolve(dir.trim());
    String url = env.get("FLEET_BLOB_URL");
    return new BlobSettings(
        url,
        folder.toAbsolutePath().normalize(),
        number(env, "FLEET_CLAIM_CHECK_BYTES", DEFAULT_CLAIM_CHECK_BYTES),
        (int)
            Math.min(
                Integer.MAX_VALUE, number(env, "FLEET_BLOB_CONTEXT_CHARS", DEFAULT_CONTEXT_CHARS)),
        S3Settings.isS3Url(url) ? S3Settings.fromEnv(url, env) : null);
  }

  /**
   * Opens the configured store: the S3 bucket when {@code url} is {@code s3://...}, else the
   * folder. Opening connects to nothing; the first put or read does.
   */
  public BlobStore open() {
    if (s3 != null) {
      return new S3BlobStore(s3);
    }
    return new FolderBlobStore(url == null ? folder : Path.of(URI.create(url)));
  }

  /**
   * Refuses a URL no store answers to at configuration time, so a worker or the CLI stops at start
   * with what to do rather than at the first large record.
   */
  private static void checkFileUrl(String url) {
    if (url == null || url.startsWith("file:/")) {
      return;
    }
    throw new IllegalArgumentException(
        "FLEET_BLOB_URL must be a file:/ URL or s3://bucket/prefix, got '" + url + "'");
  }

  /** The settings for the store, as one line for logs; never a secret. */
  public String describe() {
    return (s3 != null ? s3.describe() : url == null ? "folder " + folder : url)
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
