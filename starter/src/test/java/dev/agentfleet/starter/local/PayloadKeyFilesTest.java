package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.codec.PayloadKeys;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadKeyFilesTest {

  @TempDir Path repo;

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:1");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void up_creates_a_secret_key_file_and_token_once() throws Exception {
    Map<String, String> env = env("FLEET_ENCRYPT_PAYLOADS", "true");
    PayloadKeyFiles files = new PayloadKeyFiles(FleetPaths.from(env), env);
    Path keyFile = repo.resolve(".fleet/keys/payload.keys");
    Path token = repo.resolve(".fleet/keys/codec.token");

    List<String> created = files.ensure();

    assertThat(created).hasSize(2);
    assertThat(created.getFirst()).contains(".fleet/keys/payload.keys").contains("active key k");
    String text = Files.readString(keyFile, StandardCharsets.UTF_8);
    PayloadKeys keys = PayloadKeys.parse(text, "payload.keys");
    assertThat(keys.ids()).hasSize(1);
    assertThat(String.join("\n", created))
        .doesNotContain(text.lines().toList().getLast().split(" ")[1]);
    assertThat(Files.readString(token).strip()).hasSize(64);
    if (Files.getFileAttributeView(keyFile, java.nio.file.attribute.PosixFileAttributeView.class)
        != null) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
          .isEqualTo("rwx------");
    }

    assertThat(files.ensure()).as("a second up keeps the key").isEmpty();
    assertThat(Files.readString(keyFile, StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void nothing_is_created_when_encryption_is_off_or_the_file_was_named_explicitly() {
    Map<String, String> off = env();
    Map<String, String> named = env("FLEET_PAYLOAD_KEYS", "typo/payload.keys");

    assertThat(new PayloadKeyFiles(FleetPaths.from(off), off).ensure()).isEmpty();
    assertThat(new PayloadKeyFiles(FleetPaths.from(named), named).ensure()).isEmpty();
    assertThat(repo.resolve("typo")).doesNotExist();
    try (TemporalConnection connection = TemporalConnection.fromEnvironment(named)) {
      assertThatThrownBy(connection::client)
          .isInstanceOf(FleetException.class)
          .hasMessageContaining("typo/payload.keys does not exist")
          .hasMessageContaining("FLEET_PAYLOAD_KEYS");
    }
  }

  @Test
  void the_cli_client_encrypts_with_the_generated_key() {
    Map<String, String> env = env("FLEET_ENCRYPT_PAYLOADS", "true");
    new PayloadKeyFiles(FleetPaths.from(env), env).ensure();

    try (TemporalConnection connection = TemporalConnection.fromEnvironment(env)) {
      Payload memo =
          connection.client().getOptions().getDataConverter().toPayload("a subject").orElseThrow();

      assertThat(AesGcmPayloadCodec.isEncrypted(memo)).isTrue();
    }
  }

  @Test
  void without_a_key_the_cli_explains_that_the_data_is_encrypted() {
    try (TemporalConnection connection = TemporalConnection.fromEnvironment(env())) {
      String message =
          connection.explain(
              new RuntimeException(
                  "query failed",
                  new IllegalStateException("no converter for encoding binary/encrypted")));

      assertThat(message).contains("encrypted").contains("FLEET_ENCRYPT_PAYLOADS=true");
    }
  }
}
