package dev.agentfleet.blobstore;

import dev.agentfleet.blobstore.BlobStoreException.Reason;
import dev.agentfleet.workflows.blob.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A blob store in an S3 bucket (AWS, or any S3-compatible server such as MinIO). Each blob is one
 * object with the same content-addressed name as in a {@link FolderBlobStore}, under the configured
 * prefix: {@code prefix/sha256/ab/abcdef…}. A blob is hashed before it is sent, and is not sent
 * again when an object of that name exists; S3 makes an object visible only once its upload is
 * complete, so a reader sees either no blob or the whole blob. Reads check the bytes against their
 * name.
 *
 * <p>A value read from a stream is first spooled to a temporary file (its name is its hash, which
 * is known only at the end); bytes already in memory are sent from memory.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final S3Client s3;
  private final String bucket;
  private final String keyPrefix;
  private final String location;

  /** A store in the bucket and prefix the settings name, with a client of its own. */
  public S3BlobStore(S3Settings settings) {
    this(builder(settings).build(), settings.bucket(), settings.keyPrefix(), location(settings));
  }

  /** A store using {@code s3}, which it closes when it is closed. */
  S3BlobStore(S3Client s3, String bucket, String keyPrefix, String location) {
    this.s3 = s3;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.location = location;
  }

  /** The object key of a blob, whether or not it exists. */
  public String keyOf(BlobRef ref) {
    String hex = ref.sha256();
    return keyPrefix + "sha256/" + hex.substring(0, 2) + "/" + hex;
  }

  @Override
  public BlobRef put(InputStream content, String mediaType) {
    Path spool = null;
    try {
      spool = Files.createTempFile("fleet-blob-", ".part");
      MessageDigest sha256 = FolderBlobStore.sha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), sha256)) {
        size = content.transferTo(out);
      }
      BlobRef ref = BlobRef.ofSha256(HEX.formatHex(sha256.digest()), size, mediaType);
      if (!contains(ref)) {
        upload(ref, RequestBody.fromFile(spool));
      }
      return ref;
    } catch (IOException e) {
      throw new BlobStoreException(
          Reason.UNAVAILABLE, "cannot write a blob to " + location + ": " + e.getMessage(), e);
    } finally {
      if (spool != null) {
        try {
          Files.deleteIfExists(spool);
        } catch (IOException ignored) {
          // A leftover spool file in the temporary folder is never read again.
        }
      }
    }
  }

  @Override
  public BlobRef put(byte[] content, String mediaType) {
    BlobRef ref =
        BlobRef.ofSha256(
            HEX.formatHex(FolderBlobStore.sha256().digest(content)), content.length, mediaType);
    if (!contains(ref)) {
      upload(ref, RequestBody.fromBytes(content));
    }
    return ref;
  }

  private void upload(BlobRef ref, RequestBody body) {
    try {
      s3.putObject(
          PutObjectRequest.builder()
              .bucket(bucket)
              .key(keyOf(ref))
              .contentType(ref.mediaType())
              .contentLength(ref.size())
              .build(),
          body);
    } catch (SdkException e) {
      throw unavailable("cannot write blob " + ref.uri() + " to ", e);
    }
  }

  @Override
  public byte[] read(BlobRef ref) {
    byte[] bytes;
    try {
      bytes =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(keyOf(ref)).build())
              .asByteArray();
    } catch (NoSuchKeyException e) {
      throw missing(ref, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        throw missing(ref, e);
      }
      throw unavailable("cannot read blob " + ref.uri() + " from ", e);
    } catch (SdkException e) {
      throw unavailable("cannot read blob " + ref.uri() + " from ", e);
    }
    String actual = HEX.formatHex(FolderBlobStore.sha256().digest(bytes));
    if (!actual.equals(ref.sha256())) {
      throw new BlobStoreException(
          Reason.CORRUPT,
          "blob "
              + ref.uri()
              + " in "
              + location
              + " (key "
              + keyOf(ref)
              + ") was changed or damaged after it was written: its bytes hash to "
              + actual,
          null);
    }
    return bytes;
  }

  /**
   * True when the bucket holds the blob.
   *
   * @throws BlobStoreException when the store cannot be asked (unreachable, access denied)
   */
  @Override
  public boolean contains(BlobRef ref) {
    try {
      s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(keyOf(ref)).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return false;
      }
      throw unavailable("cannot look up blob " + ref.uri() + " in ", e);
    } catch (SdkException e) {
      throw unavailable("cannot look up blob " + ref.uri() + " in ", e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    s3.close();
  }

  private BlobStoreException missing(BlobRef ref, Exception cause) {
    return new BlobStoreException(
        Reason.MISSING,
        "blob "
            + ref.uri()
            + " is not in "
            + location
            + " (key "
            + keyOf(ref)
            + "); the CLI and every worker must share one blob store (the same FLEET_BLOB_URL"
            + " and FLEET_S3_ENDPOINT)",
        cause);
  }

  private BlobStoreException unavailable(String what, SdkException e) {
    String hint = "";
    if (e instanceof NoSuchBucketException) {
      hint = "; the bucket " + bucket + " does not exist: create it, or fix FLEET_BLOB_URL";
    } else if (e instanceof S3Exception s3e && s3e.statusCode() == 403) {
      hint =
          "; access denied: the credentials need s3:GetObject, s3:PutObject and s3:ListBucket"
              + " on the bucket "
              + bucket;
    }
    return new BlobStoreException(
        Reason.UNAVAILABLE, what + location + ": " + e.getMessage() + hint, e);
  }

  private static String location(S3Settings settings) {
    return settings.url()
        + (settings.endpoint() == null ? "" : " at " + settings.endpoint().toString());
  }

  /**
   * A client builder for the settings: the JDK's HTTP client, path-style addressing and checksums
   * only where the API requires them when an endpoint is given (S3-compatible servers vary in what
   * newer checksum headers they accept; reads verify the SHA-256 of every blob anyway).
   */
  static S3ClientBuilder builder(S3Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings));
    if (settings.endpoint() != null) {
      builder
          .endpointOverride(settings.endpoint())
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder;
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.accessKey() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        settings.sessionToken() == null
            ? AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())
            : AwsSessionCredentials.create(
                settings.accessKey(), settings.secretKey(), settings.sessionToken()));
  }
}
