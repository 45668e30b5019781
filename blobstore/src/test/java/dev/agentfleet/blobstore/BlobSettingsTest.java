package dev.agentfleet.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.blob.BlobRef;
import java.nio.file.Path;
import java.util.List;
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
  void an_s3_url_opens_an_s3_store_on_aws_with_the_default_region_and_credentials_chain() {
    BlobSettings settings =
        BlobSettings.fromEnv(Map.of("FLEET_BLOB_URL", "s3://fleet-blobs/prod/"), HOME, REPO);

    S3Settings s3 = settings.s3();
    assertThat(s3.bucket()).isEqualTo("fleet-blobs");
    assertThat(s3.prefix()).isEqualTo("prod");
    assertThat(s3.keyPrefix()).isEqualTo("prod/");
    assertThat(s3.endpoint()).isNull();
    assertThat(s3.region()).isEqualTo("us-east-1");
    assertThat(s3.accessKey()).isNull();
    assertThat(settings.describe())
        .startsWith(
            "s3://fleet-blobs/prod (AWS, region us-east-1, credentials from the AWS default");
    try (S3BlobStore store = (S3BlobStore) settings.open()) {
      assertThat(store.location()).isEqualTo("s3://fleet-blobs/prod");
      assertThat(store.keyOf(BlobRef.ofSha256("ab".repeat(32), 1, null)))
          .isEqualTo("prod/sha256/ab/" + "ab".repeat(32));
    }
  }

  @Test
  void an_s3_endpoint_region_and_fleet_keys_come_from_the_environment_and_win_over_aws_keys() {
    BlobSettings settings =
        BlobSettings.fromEnv(
            Map.of(
                "FLEET_BLOB_URL", "s3://fleet-blobs",
                "FLEET_S3_ENDPOINT", "http://localhost:9000",
                "FLEET_S3_REGION", "eu-central-1",
                "FLEET_S3_ACCESS_KEY", "fleet-access",
                "FLEET_S3_SECRET_KEY", "fleet-secret-value",
                "AWS_ACCESS_KEY_ID", "aws-access",
                "AWS_SECRET_ACCESS_KEY", "aws-secret-value"),
            HOME,
            REPO);

    S3Settings s3 = settings.s3();
    assertThat(s3.prefix()).isEmpty();
    assertThat(s3.keyPrefix()).isEmpty();
    assertThat(s3.endpoint()).hasToString("http://localhost:9000");
    assertThat(s3.region()).isEqualTo("eu-central-1");
    assertThat(s3.accessKey()).isEqualTo("fleet-access");
    assertThat(s3.secretKey()).isEqualTo("fleet-secret-value");
    assertThat(settings.describe())
        .contains("endpoint http://localhost:9000, path-style")
        .contains("credentials from FLEET_S3_ACCESS_KEY / FLEET_S3_SECRET_KEY");
    assertThat(List.of(settings.describe(), settings.toString(), s3.toString()))
        .as("the secret key is never shown")
        .noneMatch(text -> text.contains("fleet-secret-value") || text.contains("aws-secret"));
  }

  @Test
  void s3_credentials_fall_back_to_the_standard_aws_variables() {
    S3Settings s3 =
        BlobSettings.fromEnv(
                Map.of(
                    "FLEET_BLOB_URL", "s3://fleet-blobs/p",
                    "AWS_ACCESS_KEY_ID", "aws-access",
                    "AWS_SECRET_ACCESS_KEY", "aws-secret-value",
                    "AWS_SESSION_TOKEN", "aws-token"),
                HOME,
                REPO)
            .s3();

    assertThat(s3.accessKey()).isEqualTo("aws-access");
    assertThat(s3.secretKey()).isEqualTo("aws-secret-value");
    assertThat(s3.sessionToken()).isEqualTo("aws-token");
    assertThat(s3.credentialsSource()).isEqualTo("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
    assertThat(s3.toString()).doesNotContain("aws-secret-value").doesNotContain("aws-token");
  }

  @Test
  void refuses_malformed_s3_settings_naming_the_variable_without_echoing_secrets() {
    assertThatThrownBy(
            () -> BlobSettings.fromEnv(Map.of("FLEET_BLOB_URL", "s3://Fleet_Blobs/x"), HOME, REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
    assertThatThrownBy(
            () ->
                BlobSettings.fromEnv(
                    Map.of("FLEET_BLOB_URL", "s3://fleet-blobs/../etc"), HOME, REPO))
        .hasMessageContaining("..");
    assertThatThrownBy(
            () ->
                BlobSettings.fromEnv(
                    Map.of("FLEET_BLOB_URL", "s3://fleet-blobs", "FLEET_S3_ENDPOINT", "localhost"),
                    HOME,
                    REPO))
        .hasMessageContaining("FLEET_S3_ENDPOINT");
    assertThatThrownBy(
            () ->
                BlobSettings.fromEnv(
                    Map.of(
                        "FLEET_BLOB_URL", "s3://fleet-blobs",
                        "FLEET_S3_SECRET_KEY", "lonely-secret-value"),
                    HOME,
                    REPO))
        .hasMessageContaining("FLEET_S3_ACCESS_KEY")
        .hasMessageNotContaining("lonely-secret-value");
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
