package dev.agentfleet.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobSettingsTest {

  private static final Path HOME = Path.of("/srv/fleet/.fleet");
  private static final Path REPO = Path.of("/srv/fleet");

  @Test
  void defaults_to_a_folder_under_the_fleet_home_and_a_128_kib_threshold() {
    BlobSettings settings = BlobSettings.fromEnv(Map.of(), HOME, REPO);

    assertThat(settings.folder()).isEqualTo(HOME.resolve("blobs"));
    assertThat(settings.claimCheckBytes()).isEqualTo(128 * 1024);
    assertThat(settings.contextChars()).isEqualTo(32 * 1024);
    assertThat(settings.open()).isInstanceOf(FolderBlobStore.class);
    assertThat(((FolderBlobStore) settings.open()).root()).isEqualTo(HOME.resolve("blobs"));
  }

  @Test
  void reads_the_folder_and_the_thresholds_from_the_environment() {
    BlobSettings settings =
        BlobSettings.fromEnv(
            Map.of(
                "FLEET_BLOB_DIR", "shared/blobs",
                "FLEET_CLAIM_CHECK_BYTES", "65536",
                "FLEET_BLOB_CONTEXT_CHARS", "4000"),
            HOME,
            REPO);

    assertThat(settings.folder()).isEqualTo(REPO.resolve("shared/blobs"));
    assertThat(settings.claimCheckBytes()).isEqualTo(65536);
    assertThat(settings.contextChars()).isEqualTo(4000);
  }

  @Test
  void refuses_bad_values_naming_the_variable() {
    assertThatThrownBy(
            () -> BlobSettings.fromEnv(Map.of("FLEET_CLAIM_CHECK_BYTES", "128k"), HOME, REPO))
        .hasMessageContaining("FLEET_CLAIM_CHECK_BYTES");
    assertThatThrownBy(
            () -> BlobSettings.fromEnv(Map.of("FLEET_CLAIM_CHECK_BYTES", "100"), HOME, REPO))
        .hasMessageContaining("at least");
  }

  @Test
  void an_s3_url_is_refused_at_configuration_time_with_what_to_do_instead() {
    assertThatThrownBy(
            () ->
                BlobSettings.fromEnv(Map.of("FLEET_BLOB_URL", "s3://fleet-blobs/prod"), HOME, REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEET_BLOB_DIR");
    assertThatThrownBy(
            () -> BlobSettings.fromEnv(Map.of("FLEET_BLOB_URL", "ftp://x/y"), HOME, REPO))
        .hasMessageContaining("FLEET_BLOB_URL must be");
  }

  @Test
  void a_file_url_names_the_folder() {
    BlobSettings settings =
        BlobSettings.fromEnv(Map.of("FLEET_BLOB_URL", "file:///mnt/shared/blobs"), HOME, REPO);

    assertThat(((FolderBlobStore) settings.open()).root()).isEqualTo(Path.of("/mnt/shared/blobs"));
  }
}
