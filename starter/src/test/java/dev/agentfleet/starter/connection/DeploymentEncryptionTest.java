package dev.agentfleet.starter.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption is the deployment's: once a worker declared it in the ledger, a CLI whose own
 * environment does not ask for it still encrypts with the fleet's key file, and refuses to connect
 * when it has none, instead of starting a plaintext run.
 */
class DeploymentEncryptionTest {

  @TempDir Path home;

  private Map<String, String> env(String... more) {
    java.util.HashMap<String, String> env = new java.util.HashMap<>();
    env.put("FLEET_HOME", home.toString());
    env.put("FLEET_REPO", home.toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:1");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  /** The ledger as a worker with encryption on leaves it (the table as migration V6 creates it). */
  private void workersDeclareEncryption() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE fleet_settings (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL,"
              + " updated_at TEXT NOT NULL)");
      s.execute(
          "INSERT INTO fleet_settings VALUES ('payload_encryption', 'k1', '2026-01-01T00:00:00Z')");
    }
  }

  private Path fleetKeyFile() throws Exception {
    Path keys = Files.createDirectories(home.resolve("keys")).resolve("payload.keys");
    Files.writeString(keys, "k1 " + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    return keys;
  }

  @Test
  void a_fleet_that_declared_nothing_leaves_the_cli_as_configured() {
    assertThat(TemporalConnection.fromEnvironment(env()).payloadKeyFile()).isEmpty();
  }

  @Test
  void a_cli_not_told_to_encrypt_encrypts_with_the_fleets_key_when_the_workers_do()
      throws Exception {
    workersDeclareEncryption();
    Path keys = fleetKeyFile();

    assertThat(TemporalConnection.fromEnvironment(env()).payloadKeyFile())
        .hasValueSatisfying(f -> assertThat(f.path()).isEqualTo(keys.toAbsolutePath()));
    assertThat(
            TemporalConnection.fromEnvironment(env("FLEET_ENCRYPT_PAYLOADS", "false"))
                .payloadKeyFile())
        .isPresent();
  }

  @Test
  void a_cli_without_a_key_refuses_to_connect_to_a_fleet_that_encrypts() throws Exception {
    workersDeclareEncryption();

    assertThatThrownBy(() -> TemporalConnection.fromEnvironment(env()))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("this fleet's payloads are encrypted (its workers declared key k1")
        .hasMessageContaining("FLEET_PAYLOAD_KEYS");
  }
}
