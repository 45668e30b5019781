package dev.agentfleet.starter.agents;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.starter.ledger.CliLedger;
import dev.agentfleet.starter.local.Ed25519KeyFiles;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.definition.DefinitionSignature;
import dev.agentfleet.workflows.playbook.Playbook;
import java.security.PrivateKey;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Publishes a checked playbook so the fleet's workers run it: signs the agent's name and the
 * playbook's SHA-256 with the release key ({@link Ed25519KeyFiles#release}) and stores the text,
 * the hash and the signature in the ledger's {@code published_definitions} table, which every
 * worker reads. Publishing the same text again is a no-op that keeps the first row.
 */
public final class DefinitionPublisher {

  /** What was published: the hash, the key that signed it, and whether the row is new. */
  public record Published(String agent, String sha256, String keyId, boolean added) {}

  private final LedgerDatabase ledger;
  private final Ed25519KeyFiles releaseKeys;

  public DefinitionPublisher(LedgerDatabase ledger, Ed25519KeyFiles releaseKeys) {
    this.ledger = ledger;
    this.releaseKeys = releaseKeys;
  }

  /**
   * Signs and stores the playbook.
   *
   * @param text the playbook text exactly as parsed: its bytes are what the hash covers
   */
  public Published publish(Playbook playbook, String text) {
    String agent = playbook.definition().name();
    String sha256 = playbook.sha256();
    PrivateKey key = releaseKeys.privateKey();
    String keyId = releaseKeys.keyId();
    String signature = ApprovalKeys.sign(key, DefinitionSignature.statement(agent, sha256));
    String sql =
        "INSERT INTO published_definitions"
            + " (sha256, agent, playbook, key_id, signature, published_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING";
    return ledger.change(
        "published_definitions",
        () -> {
          throw CliLedger.notCreatedYet(ledger, "published_definitions", "publish again");
        },
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, sha256);
            s.setString(2, agent);
            s.setString(3, text);
            s.setString(4, keyId);
            s.setString(5, signature);
            s.setString(6, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            return new Published(agent, sha256, keyId, s.executeUpdate() == 1);
          }
        });
  }
}
