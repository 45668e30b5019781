package dev.agentfleet.activities.ledger;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a worker declares about the deployment in the ledger's {@code fleet_settings} table, which
 * the CLI reads: today, that the fleet encrypts payloads. Encryption is a property of the
 * deployment, not of each client's environment, so the CLI learns it from the workers themselves.
 */
public final class FleetSettings {

  /** The setting whose value is the active payload key's id once a worker encrypts. */
  public static final String PAYLOAD_ENCRYPTION = "payload_encryption";

  private FleetSettings() {}

  /** Records that this fleet encrypts payloads, with the active key's id (never a key). */
  public static void declarePayloadEncryption(Ledger ledger, String activeKeyId) {
    ledger.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO fleet_settings (name, value, updated_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                      + " updated_at = excluded.updated_at")) {
            s.setString(1, PAYLOAD_ENCRYPTION);
            s.setString(2, activeKeyId);
            s.setString(3, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            return s.executeUpdate();
          }
        });
  }
}
