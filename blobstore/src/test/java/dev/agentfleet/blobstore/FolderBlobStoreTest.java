package dev.agentfleet.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.blobstore.BlobStoreException.Reason;
import dev.agentfleet.workflows.blob.BlobRef;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderBlobStoreTest {

  @TempDir Path dir;

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void round_trips_text_named_by_the_sha256_of_its_bytes() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    String text = "Grüße, 你好 🎉 ".repeat(50_000);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    BlobRef ref = store.putText(text);

    assertThat(ref.uri()).isEqualTo("blob:sha256:" + sha256(bytes));
    assertThat(ref.size()).isEqualTo(bytes.length);
    assertThat(ref.mediaType()).isEqualTo(BlobRef.TEXT);
    assertThat(store.contains(ref)).isTrue();
    assertThat(store.readText(ref)).isEqualTo(text);
    assertThat(store.pathOf(ref))
        .isEqualTo(
            dir.resolve("sha256").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256()));
  }

  @Test
  void same_bytes_are_one_blob_written_once_and_different_bytes_are_two() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    BlobRef first = store.putText("the same body");
    Path file = store.pathOf(first);
    FileTime written = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(file, written);

    BlobRef again = store.putText("the same body");
    BlobRef other = store.putText("another body");

    assertThat(again).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(file))
        .as("an existing blob is not rewritten")
        .isEqualTo(written);
    assertThat(other.uri()).isNotEqualTo(first.uri());
    assertThat(files()).containsExactlyInAnyOrder(file, store.pathOf(other));
    assertThat(Files.getPosixFilePermissions(file))
        .as("a stored blob is read-only")
        .doesNotContain(
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
  }

  @Test
  void streams_a_large_blob_and_leaves_no_temporary_file() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    byte[] bytes = new byte[6 * 1024 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 12));
    }

    BlobRef ref = store.put(new java.io.ByteArrayInputStream(bytes), "application/octet-stream");

    assertThat(ref.size()).isEqualTo(bytes.length);
    assertThat(ref.sha256()).isEqualTo(sha256(bytes));
    assertThat(store.read(ref)).isEqualTo(bytes);
    assertThat(files()).containsExactly(store.pathOf(ref));
  }

  @Test
  void a_failed_write_leaves_nothing_behind() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    InputStream broken =
        new InputStream() {
          int served;

          @Override
          public int read() throws java.io.IOException {
            if (served++ > 10_000) {
              throw new java.io.IOException("connection reset");
            }
            return 'x';
          }
        };

    assertThatThrownBy(() -> store.put(broken, BlobRef.TEXT))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("connection reset")
        .extracting(e -> ((BlobStoreException) e).reason())
        .isEqualTo(Reason.UNAVAILABLE);
    assertThat(files()).isEmpty();
  }

  @Test
  void a_blob_changed_on_disk_is_refused_as_corrupt() throws Exception {
    FolderBlobStore store = new FolderBlobStore(dir);
    BlobRef ref = store.putText("refund 20 USD for order A-1");
    Path file = store.pathOf(ref);
    file.toFile().setWritable(true);
    Files.writeString(file, "refund 9999 USD for order A-1");

    assertThatThrownBy(() -> store.read(ref))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("changed or damaged")
        .extracting(e -> ((BlobStoreException) e).reason())
        .isEqualTo(Reason.CORRUPT);
  }

  @Test
  void a_missing_blob_says_the_folder_must_be_shared() {
    FolderBlobStore store = new FolderBlobStore(dir);
    BlobRef absent = BlobRef.ofSha256("ab".repeat(32), 10, BlobRef.TEXT);

    assertThat(store.contains(absent)).isFalse();
    assertThatThrownBy(() -> store.read(absent))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("FLEET_BLOB_DIR")
        .extracting(e -> ((BlobStoreException) e).reason())
        .isEqualTo(Reason.MISSING);
  }

  @Test
  void refuses_malformed_blob_uris() {
    assertThatThrownBy(() -> new BlobRef("blob:sha256:../../etc/passwd", 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex digits");
    assertThatThrownBy(() -> new BlobRef("blob:sha256:" + "AB".repeat(32), 1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
