package dev.agentfleet.blobstore;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an S3-compatible blob store is and how to log in to it, read from the environment with
 * {@code FLEET_BLOB_URL=s3://bucket/prefix}.
 *
 * <p>The secret key never leaves this record in the clear: {@link #toString()} and {@link
 * #describe()} leave it out and name only where the credentials came from.
 *
 * @param bucket the bucket, the host part of {@code s3://bucket/prefix}
 * @param prefix the key prefix under which the blobs lie, without leading or trailing slash; empty
 *     for the bucket's root
 * @param endpoint {@code FLEET_S3_ENDPOINT}, for example {@code http://localhost:9000} for a
 *     MinIO-like server; null for AWS. When set, buckets are addressed by path ({@code
 *     http://host/bucket/key}), which S3-compatible servers expect.
 * @param region {@code FLEET_S3_REGION}, default {@code us-east-1}
 * @param accessKey the access key id, or null to use the AWS SDK's default credentials chain
 *     (instance or container role, {@code ~/.aws}, ...)
 * @param secretKey the secret key that goes with {@code accessKey}
 * @param sessionToken a session token for temporary credentials, or null
 * @param credentialsSource where the credentials come from, for messages: a variable name or the
 *     default chain
 */
public record S3Settings(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    String sessionToken,
    String credentialsSource) {

  /** The region used when {@code FLEET_S3_REGION} is not set. */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");

  public S3Settings {
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "FLEET_BLOB_URL must name an S3 bucket of 3 to 63 lowercase letters, digits, dots and"
              + " hyphens (s3://bucket/prefix), got bucket '"
              + bucket
              + "'");
    }
    prefix = prefix == null ? "" : trimSlashes(prefix);
    if (("/" + prefix + "/").contains("/../") || ("/" + prefix + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "the prefix of FLEET_BLOB_URL cannot hold . or .. segments, got '" + prefix + "'");
    }
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "FLEET_S3_REGION must be a region name such as us-east-1, got '" + region + "'");
    }
    accessKey = blankToNull(accessKey);
    secretKey = blankToNull(secretKey);
    sessionToken = blankToNull(sessionToken);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "an S3 access key and its secret key go together: "
              + credentialsSource
              + " sets only the "
              + (accessKey == null ? "secret key" : "access key"));
    }
    if (accessKey == null) {
      sessionToken = null;
      credentialsSource = "the AWS default credentials chain";
    }
  }

  /**
   * Reads the settings for {@code url} ({@code s3://bucket/prefix}) from {@code FLEET_S3_ENDPOINT},
   * {@code FLEET_S3_REGION} and the credentials {@code FLEET_S3_ACCESS_KEY} / {@code
   * FLEET_S3_SECRET_KEY}, else {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (with
   * {@code AWS_SESSION_TOKEN}), else the AWS SDK's default chain.
   *
   * @throws IllegalArgumentException when a value is malformed, naming the variable
   */
  public static S3Settings fromEnv(String url, Map<String, String> env) {
    if (url == null || !isS3Url(url)) {
      throw new IllegalArgumentException(
          "FLEET_BLOB_URL must be s3://bucket/prefix for an S3 store, got '" + url + "'");
    }
    String rest = url.strip().substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    boolean fleetKeys =
        blankToNull(env.get("FLEET_S3_ACCESS_KEY")) != null
            || blankToNull(env.get("FLEET_S3_SECRET_KEY")) != null;
    return new S3Settings(
        bucket,
        prefix,
        endpoint(env.get("FLEET_S3_ENDPOINT")),
        env.get("FLEET_S3_REGION"),
        env.get(fleetKeys ? "FLEET_S3_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"),
        env.get(fleetKeys ? "FLEET_S3_SECRET_KEY" : "AWS_SECRET_ACCESS_KEY"),
        fleetKeys ? null : env.get("AWS_SESSION_TOKEN"),
        fleetKeys
            ? "FLEET_S3_ACCESS_KEY / FLEET_S3_SECRET_KEY"
            : "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
  }

  /** True when the URL asks for an S3 store. */
  public static boolean isS3Url(String url) {
    return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  /** {@code s3://bucket/prefix}, as configured. */
  public String url() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** What every blob key starts with: the prefix and a slash, or nothing at the bucket's root. */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The store, its endpoint and region, and where the credentials come from; never a secret. */
  public String describe() {
    return url()
        + " ("
        + (endpoint == null ? "AWS" : "endpoint " + endpoint + ", path-style")
        + ", region "
        + region
        + ", credentials from "
        + credentialsSource
        + ")";
  }

  @Override
  public String toString() {
    return "S3Settings[" + describe() + "]";
  }

  private static URI endpoint(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "FLEET_S3_ENDPOINT must be an http:// or https:// URL, got '" + raw + "'", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "FLEET_S3_ENDPOINT must be an http:// or https:// URL such as http://localhost:9000, got '"
              + raw
              + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "FLEET_S3_ENDPOINT must not carry credentials: set FLEET_S3_ACCESS_KEY and"
              + " FLEET_S3_SECRET_KEY instead");
    }
    return uri;
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
