package dev.agentfleet.starter.connection;

import dev.agentfleet.ledger.FleetSettings;
import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerException;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.ledger.CliLedger;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.workflows.codec.PayloadKeySetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the fleet encrypts payloads, as its workers declared it: a worker with encryption on
 * records its active key's id in the ledger's {@code fleet_settings} table, the ledger the CLI
 * already reads (the SQLite file under {@code .fleet/} locally, PostgreSQL in compose and cluster
 * modes). Encryption is then a property of the deployment: a CLI whose own environment says nothing
 * (or says {@code FLEET_ENCRYPT_PAYLOADS=false}) still encrypts, with the fleet's key file under
 * {@code $FLEET_HOME/keys/payload.keys}, and refuses to connect when it has no key, rather than
 * start a run whose history would hold customer data in plaintext. A ledger the CLI cannot read
 * tells nothing; the workers refuse plaintext inputs anyway.
 */
public final class DeploymentEncryption {

  private DeploymentEncryption() {}

  /**
   * The key file this CLI must use when its own settings name none.
   *
   * @return empty when the fleet declared no encryption (or cannot be asked)
   * @throws FleetException when the fleet encrypts and this CLI has no key to encrypt with
   */
  public static Optional<PayloadKeyFile> requiredKeyFile(Map<String, String> env) {
    FleetPaths paths = FleetPaths.from(env);
    Optional<String> activeKey = declared(CliLedger.fromEnv(env, paths));
    if (activeKey.isEmpty()) {
      return Optional.empty();
    }
    Path fleetKeys = paths.home().resolve(PayloadKeySetting.DEFAULT_FILE).toAbsolutePath();
    if (Files.isRegularFile(fleetKeys)) {
      return Optional.of(new PayloadKeyFile(fleetKeys, false));
    }
    throw new FleetException(
        "this fleet's payloads are encrypted (its workers declared key "
            + activeKey.get()
            + " in the ledger), but this CLI has no payload key, so what it sent would land in"
            + " Temporal's history in plaintext — point "
            + PayloadKeySetting.KEYS_VARIABLE
            + " at the workers' key file, or put it at "
            + paths.show(fleetKeys)
            + " (where "
            + PayloadKeySetting.ENABLED_VARIABLE
            + "=true looks)");
  }

  /** The active key id the workers declared, or empty when none did or the ledger is unread. */
  static Optional<String> declared(LedgerDatabase ledger) {
    try {
      return FleetSettings.payloadEncryption(ledger);
    } catch (LedgerException unread) {
      return Optional.empty();
    }
  }
}
