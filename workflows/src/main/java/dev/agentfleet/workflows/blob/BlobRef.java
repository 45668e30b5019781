package dev.agentfleet.workflows.blob;

/**
 * Names one immutable blob by its content: the claim check that travels through Temporal in place
 * of a large value. Pure data; reading and writing blobs is the execution plane's business.
 *
 * @param uri {@code blob:sha256:<64 lowercase hex digits>}, the SHA-256 of the blob's bytes
 * @param size the blob's length in bytes
 * @param mediaType what the bytes are, for example {@code text/plain; charset=utf-8}
 */
public record BlobRef(String uri, long size, String mediaType) {

  /** The scheme and algorithm every blob uri starts with. */
  public static final String PREFIX = "blob:sha256:";

  /** The media type of text moved to the blob store. */
  public static final String TEXT = "text/plain; charset=utf-8";

  public BlobRef {
    if (!isBlobUri(uri)) {
      throw new IllegalArgumentException(
          "a blob uri is " + PREFIX + "<64 lowercase hex digits>, got '" + uri + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a blob's size cannot be negative, got " + size);
    }
    mediaType = mediaType == null || mediaType.isBlank() ? "application/octet-stream" : mediaType;
  }

  /** The reference of a blob whose SHA-256 is {@code hex}. */
  public static BlobRef ofSha256(String hex, long size, String mediaType) {
    return new BlobRef(PREFIX + hex, size, mediaType);
  }

  /** The SHA-256 of the blob's bytes, as 64 lowercase hex digits. */
  public String sha256() {
    return uri.substring(PREFIX.length());
  }

  /** True when the text is a well-formed blob uri. */
  public static boolean isBlobUri(String uri) {
    if (uri == null || uri.length() != PREFIX.length() + 64 || !uri.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
