package dev.agentfleet.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.blobstore.BlobStoreException.Reason;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store against a real S3-compatible server over HTTP (moto, see {@link MotoServer}). */
class S3BlobStoreTest {

  @RegisterExtension static final MotoServer moto = new MotoServer();

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final AtomicInteger uploads = new AtomicInteger();
  private String bucket;
  private S3Settings settings;
  private S3Client admin;
  private S3BlobStore store;

  @BeforeEach
  void create_a_bucket_and_a_store_that_counts_its_uploads() {
    bucket = "fleet-blobs-" + BUCKETS.incrementAndGet();
    settings = settings("s3://" + bucket + "/fleet/prod");
    admin = S3BlobStore.builder(settings).build();
    admin.createBucket(b -> b.bucket(bucket));
    S3Client counted =
        S3BlobStore.builder(settings)
            .overrideConfiguration(o -> o.addExecutionInterceptor(new UploadCounter(uploads)))
            .build();
    store = new S3BlobStore(counted, bucket, settings.keyPrefix(), settings.url());
  }

  @AfterEach
  void close_the_clients() {
    store.close();
    admin.close();
  }

  private S3Settings settings(String url) {
    return blobSettings(url).s3();
  }

  /** What a worker or the CLI reads from its environment for the store at {@code url}. */
  private static BlobSettings blobSettings(String url) {
    return BlobSettings.fromEnv(
        Map.of(
            "FLEET_BLOB_URL", url,
            "FLEET_S3_ENDPOINT", moto.endpoint().toString(),
            "FLEET_S3_ACCESS_KEY", "fleet-test",
            "FLEET_S3_SECRET_KEY", "fleet-test-secret",
            "FLEET_CLAIM_CHECK_BYTES", "8192"),
        Path.of("/unused"),
        Path.of("/unused"));
  }

  private List<String> keys() {
    return admin.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void round_trips_a_5_mb_blob_under_the_same_content_address_as_the_folder_store()
      throws Exception {
    byte[] bytes = new byte[5 * 1024 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 12));
    }

    BlobRef ref = store.put(new ByteArrayInputStream(bytes), "application/octet-stream");

    assertThat(ref.uri()).isEqualTo("blob:sha256:" + sha256(bytes));
    assertThat(ref.size()).isEqualTo(bytes.length);
    assertThat(store.contains(ref)).isTrue();
    assertThat(store.read(ref)).isEqualTo(bytes);
    Path folderRoot = Path.of("/blobs");
    String folderKey =
        folderRoot.relativize(new FolderBlobStore(folderRoot).pathOf(ref)).toString();
    assertThat(keys()).containsExactly("fleet/prod/" + folderKey);
    assertThat(admin.headObject(b -> b.bucket(bucket).key(store.keyOf(ref))).contentType())
        .isEqualTo("application/octet-stream");
  }

  @Test
  void same_bytes_are_uploaded_once_and_different_bytes_are_two_objects() {
    String body = "Grüße, 你好 🎉 refund 20 USD for order A-1 ".repeat(4_000);

    BlobRef first = store.putText(body);
    BlobRef again = store.putText(body);
    BlobRef streamed =
        store.put(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BlobRef.TEXT);
    BlobRef other = store.putText("another body");

    assertThat(again).isEqualTo(first);
    assertThat(streamed).isEqualTo(first);
    assertThat(other.uri()).isNotEqualTo(first.uri());
    assertThat(uploads).as("an existing blob is not sent again").hasValue(2);
    assertThat(keys()).containsExactlyInAnyOrder(store.keyOf(first), store.keyOf(other));
    assertThat(store.readText(first)).isEqualTo(body);
  }

  @Test
  void a_missing_blob_is_reported_as_missing_naming_the_ref_and_the_store() {
    BlobRef absent = BlobRef.ofSha256("ab".repeat(32), 10, BlobRef.TEXT);

    assertThat(store.contains(absent)).isFalse();
    assertThatThrownBy(() -> store.read(absent))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining(absent.uri())
        .hasMessageContaining("s3://" + bucket + "/fleet/prod")
        .hasMessageContaining("FLEET_BLOB_URL")
        .extracting(e -> ((BlobStoreException) e).reason())
        .isEqualTo(Reason.MISSING);
  }

  @Test
  void a_blob_changed_in_the_bucket_is_refused_as_corrupt() {
    BlobRef ref = store.putText("refund 20 USD for order A-1");
    admin.putObject(
        PutObjectRequest.builder().bucket(bucket).key(store.keyOf(ref)).build(),
        RequestBody.fromString("refund 9999 USD for order A-1"));

    assertThatThrownBy(() -> store.read(ref))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("changed or damaged")
        .extracting(e -> ((BlobStoreException) e).reason())
        .isEqualTo(Reason.CORRUPT);
  }

  @Test
  void a_bucket_that_does_not_exist_makes_the_store_unavailable_and_says_so() {
    try (S3BlobStore nowhere = new S3BlobStore(settings("s3://no-such-bucket/x"))) {
      assertThatThrownBy(() -> nowhere.putText("a body"))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining("no-such-bucket does not exist")
          .hasMessageNotContaining("fleet-test-secret")
          .extracting(e -> ((BlobStoreException) e).reason())
          .isEqualTo(Reason.UNAVAILABLE);
    }
  }

  @Test
  void settings_from_the_environment_open_a_store_that_carries_claim_checks_both_ways() {
    // given the store a worker and the CLI open from FLEET_BLOB_URL and FLEET_S3_*
    BlobSettings configured = blobSettings("s3://" + bucket);
    BlobStore opened = configured.open();
    String ticket = "The customer writes at length. ".repeat(2_000);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", "T-1");
    record.put("body", ticket);

    // when the CLI offloads the large field and a worker resolves it
    Map<String, Object> offloaded =
        new ClaimCheck(opened, configured.claimCheckBytes()).offload(record);
    Object resolved = new ReferenceResolver(opened, ticket.length()).resolve(offloaded.get("body"));

    // then the reference travels instead of the text, and the text comes back whole
    assertThat(BlobReferences.isReference(offloaded.get("body"))).isTrue();
    assertThat(resolved).isEqualTo(ticket);
    assertThat(opened).isInstanceOf(S3BlobStore.class);
    assertThat(opened.location()).isEqualTo("s3://" + bucket + " at " + moto.endpoint());
    ((S3BlobStore) opened).close();
  }

  /** Counts the PutObject calls a client makes. */
  private record UploadCounter(AtomicInteger uploads) implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof PutObjectRequest) {
        uploads.incrementAndGet();
      }
    }
  }
}
