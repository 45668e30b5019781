package dev.agentfleet.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadEncryptionConfigTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path home;

  @Test
  void without_settings_encryption_and_the_endpoint_are_off() {
    assertThat(PayloadEncryptionConfig.fromEnv(Map.of(), home)).isEmpty();
  }

  @Test
  void turning_encryption_on_reads_the_key_and_token_files_under_the_home() throws Exception {
    Files.createDirectories(home.resolve("keys"));
    Files.writeString(home.resolve("keys/payload.keys"), "old " + KEY + "\nnew " + KEY + "\n");
    Files.writeString(home.resolve("keys/codec.token"), TOKEN + "\n");

    PayloadEncryptionConfig config =
        PayloadEncryptionConfig.fromEnv(Map.of("FLEET_ENCRYPT_PAYLOADS", "true"), home)
            .orElseThrow();

    assertThat(config.keys().active().id()).isEqualTo("new");
    assertThat(config.codecToken()).isEqualTo(TOKEN);
    assertThat(config.codecPort()).isEqualTo(8089);
    assertThat(config.codecHost()).isEqualTo("127.0.0.1");
    assertThat(config.corsOrigins()).containsExactly("http://localhost:8233");
    assertThat(config.codecEndpointEnabled()).isTrue();
    assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain(KEY).contains("new");
  }

  @Test
  void without_a_token_the_endpoint_stays_off_but_encryption_is_on() throws Exception {
    Path keys = home.resolve("my.keys");
    Files.writeString(keys, "k1 " + KEY);

    PayloadEncryptionConfig config =
        PayloadEncryptionConfig.fromEnv(
                Map.of(
                    "FLEET_PAYLOAD_KEYS",
                    keys.toString(),
                    "FLEET_CODEC_CORS_ORIGINS",
                    " https://ui.example , http://localhost:8233"),
                home)
            .orElseThrow();

    assertThat(config.codecEndpointEnabled()).isFalse();
    assertThat(config.corsOrigins()).containsExactly("https://ui.example", "http://localhost:8233");
  }

  @Test
  void a_missing_key_file_says_how_to_create_one() {
    assertThatThrownBy(
            () -> PayloadEncryptionConfig.fromEnv(Map.of("FLEET_ENCRYPT_PAYLOADS", "true"), home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload.keys does not exist")
        .hasMessageContaining("./fleet up");
  }

  @Test
  void a_short_token_and_a_bad_port_are_refused() throws Exception {
    Path keys = home.resolve("k");
    Files.writeString(keys, "k1 " + KEY);

    assertThatThrownBy(
            () ->
                PayloadEncryptionConfig.fromEnv(
                    Map.of("FLEET_PAYLOAD_KEYS", keys.toString(), "FLEET_CODEC_TOKEN", "short"),
                    home))
        .hasMessageContaining("at least 16")
        .message()
        .doesNotContain("short");
    assertThatThrownBy(
            () ->
                PayloadEncryptionConfig.fromEnv(
                    Map.of("FLEET_PAYLOAD_KEYS", keys.toString(), "FLEET_CODEC_PORT", "http"),
                    home))
        .hasMessageContaining("FLEET_CODEC_PORT");
  }
}
