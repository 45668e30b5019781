package dev.agentfleet.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a worker declares about the deployment in the ledger's {@code fleet_settings} table, which
 * the CLI reads: today, that the fleet encrypts payloads. Encryption is a property of the
 * deployment, not of each client's environment, so the CLI learns it from the workers themselves.
 */
public final class FleetSettings {

  /** The setting whose value is the active payload key's id once a worker encrypts. */
  public static final String PAYLOAD_ENCRYPTION = "payload_encryption";

  private FleetSettings() {}

  /**
   * Records, in the caller's transaction, that this fleet encrypts payloads with the active key's
   * id (never a key).
   */
  public static int declarePayloadEncryption(Connection c, String activeKeyId) throws SQLException {
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
  }

  /**
   * The active payload key id the workers declared; empty when none did, or the ledger or its table
   * is not there yet.
   *
   * @throws LedgerException when the ledger cannot be read
   */
  public static Optional<String> payloadEncryption(LedgerDatabase ledger) {
    return ledger.read(
        "fleet_settings",
        "the fleet settings",
        Optional::empty,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT value FROM fleet_settings WHERE name = ?")) {
            s.setString(1, PAYLOAD_ENCRYPTION);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }
}
