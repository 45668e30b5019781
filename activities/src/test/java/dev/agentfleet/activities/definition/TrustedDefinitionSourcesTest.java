package dev.agentfleet.activities.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.definition.DefinitionSignature;
import dev.agentfleet.workflows.definition.TrustedDefinition;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two places a worker takes trusted definitions from: its deployed folder, read again when it
 * changes, and the published ones in the ledger, trusted only with a release key's valid signature
 * over the exact text.
 */
class TrustedDefinitionSourcesTest {

  private static final Path SHIPPED = Path.of("..", "agents", "support-triage.yaml");

  @TempDir Path dir;
  private Ledger ledger;
  private String text;
  private String sha256;

  @BeforeEach
  void open() throws Exception {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    text = Files.readString(SHIPPED, StandardCharsets.UTF_8);
    sha256 = WorkflowIds.sha256(text);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void a_deployed_folder_is_read_again_when_a_playbook_is_added_or_changed() throws Exception {
    Path agents = Files.createDirectories(dir.resolve("agents"));
    DeployedDefinitions deployed = new DeployedDefinitions(List.of(agents));
    assertThat(deployed.find(sha256)).isEmpty();

    Files.writeString(agents.resolve("support-triage.yaml"), text);
    Thread.sleep(DeployedDefinitions.RECHECK_MILLIS + 50);
    assertThat(deployed.find(sha256.substring(0, 12)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.definition().name()).isEqualTo("support-triage");
              assertThat(d.sha256()).isEqualTo(sha256);
              assertThat(d.trustedAs()).startsWith("deployed ").endsWith("support-triage.yaml");
            });

    String edited =
        text.replace("steps.extract.currency) <= 50", "steps.extract.currency) <= 5000");
    Files.writeString(agents.resolve("support-triage.yaml"), edited);
    Files.setLastModifiedTime(
        agents.resolve("support-triage.yaml"), FileTime.from(Instant.now().plusSeconds(5)));
    Thread.sleep(DeployedDefinitions.RECHECK_MILLIS + 50);
    assertThat(deployed.find(sha256)).isEmpty();
    assertThat(deployed.find(WorkflowIds.sha256(edited))).hasSize(1);
  }

  @Test
  void an_invalid_deployed_playbook_is_never_trusted() throws Exception {
    Path agents = Files.createDirectories(dir.resolve("agents"));
    String broken = text.replaceFirst("kind: model", "kind: modelz");
    Files.writeString(agents.resolve("broken.yaml"), broken);

    assertThat(new DeployedDefinitions(List.of(agents)).find(WorkflowIds.sha256(broken))).isEmpty();
  }

  @Test
  void a_published_definition_is_trusted_only_with_a_release_keys_signature_over_its_text()
      throws Exception {
    KeyPair release = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    PublishedDefinitions published =
        new PublishedDefinitions(ledger, ApprovalKeyRing.of(Map.of("rel-1", release.getPublic())));
    String signature =
        ApprovalKeys.sign(
            release.getPrivate(), DefinitionSignature.statement("support-triage", sha256));

    // a row signed by a key the worker does not trust
    insert(sha256, "support-triage", text, "other", signedBy(other, "support-triage", sha256));
    assertThat(published.find(sha256)).isEmpty();

    // the right key, but the text was swapped after signing
    String edited =
        text.replace("steps.extract.currency) <= 50", "steps.extract.currency) <= 5000");
    String editedSha = WorkflowIds.sha256(edited);
    insert(editedSha, "support-triage", edited, "rel-1", signature);
    assertThat(published.find(editedSha)).isEmpty();

    // the genuine row
    delete(sha256);
    insert(sha256, "support-triage", text, "rel-1", signature);
    List<TrustedDefinition> found = published.find(sha256);
    assertThat(found)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.definition().name()).isEqualTo("support-triage");
              assertThat(d.trustedAs()).isEqualTo("published, signed by release key rel-1");
            });
    assertThat(published.find(sha256.substring(0, 12))).hasSize(1);
  }

  private static String signedBy(KeyPair pair, String agent, String sha) {
    return ApprovalKeys.sign(pair.getPrivate(), DefinitionSignature.statement(agent, sha));
  }

  private void insert(String sha, String agent, String playbook, String keyId, String signature) {
    ledger.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO published_definitions"
                      + " (sha256, agent, playbook, key_id, signature, published_at)"
                      + " VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')")) {
            s.setString(1, sha);
            s.setString(2, agent);
            s.setString(3, playbook);
            s.setString(4, keyId);
            s.setString(5, signature);
            return s.executeUpdate();
          }
        });
  }

  private void delete(String sha) {
    ledger.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM published_definitions WHERE sha256 = ?")) {
            s.setString(1, sha);
            return s.executeUpdate();
          }
        });
  }
}
