package dev.agentfleet.starter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalKeyFilesTest {

  @TempDir Path repo;

  private ApprovalKeyFiles keys(Map<String, String> extra) {
    Map<String, String> env =
        new java.util.HashMap<>(Map.of("FLEET_REPO", repo.toString(), "FLEET_HOME", ".fleet"));
    env.putAll(extra);
    return new ApprovalKeyFiles(FleetPaths.from(env), env);
  }

  private static final ApprovalRequest WAITING =
      new ApprovalRequest(
          "billing_approval",
          "billing",
          null,
          "refund",
          Map.of(),
          0.9,
          List.of(),
          0,
          1_000,
          2_000,
          List.of(),
          null);

  @Test
  void creates_a_private_key_only_its_owner_can_read_and_lists_its_public_key_for_the_workers()
      throws IOException {
    ApprovalKeyFiles files = keys(Map.of());

    String keyId = files.ensure().orElseThrow();

    assertThat(files.signingKey()).isEqualTo(repo.resolve(".fleet/keys/approvals.key"));
    assertThat(Files.readString(files.signingKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.signingKey())))
        .isEqualTo("rw-------");
    Map<String, PublicKey> listed =
        ApprovalKeys.parsePublicKeys(
            Files.readString(files.publicKeys(), StandardCharsets.UTF_8), "approvals.pub");
    assertThat(listed).containsOnlyKeys(keyId);
    assertThat(files.ensure()).as("a second call keeps the existing pair").isEmpty();
  }

  @Test
  void a_signed_decision_verifies_with_the_listed_public_key_for_the_waiting_request()
      throws IOException {
    ApprovalKeyFiles files = keys(Map.of());
    String keyId = files.ensure().orElseThrow();
    ApprovalSigner signer = files.signer();

    ApprovalDecision d =
        signer.sign(
            "support-triage/T-1",
            WAITING,
            "approve",
            new Approver("alice", List.of("billing")),
            "receipt checked",
            42);

    PublicKey listed =
        ApprovalKeys.parsePublicKeys(Files.readString(files.publicKeys()), "pub").get(keyId);
    assertThat(d.keyId()).isEqualTo(keyId);
    assertThat(d.stepId()).isEqualTo("billing_approval");
    assertThat(d.requestedAt()).isEqualTo(1_000);
    assertThat(
            ApprovalKeys.verify(
                listed,
                d.statementFor("support-triage/T-1", "billing_approval", 1_000),
                d.signature()))
        .isTrue();
    assertThat(
            ApprovalKeys.verify(
                listed,
                d.statementFor("support-triage/T-2", "billing_approval", 1_000),
                d.signature()))
        .isFalse();
  }

  @Test
  void a_new_key_is_appended_to_an_existing_list_and_found_there_by_its_signature()
      throws IOException {
    ApprovalKeyFiles first = keys(Map.of());
    String firstId = first.ensure().orElseThrow();
    Files.delete(first.signingKey());

    String secondId = first.ensure().orElseThrow();

    assertThat(ApprovalKeys.parsePublicKeys(Files.readString(first.publicKeys()), "pub"))
        .containsOnlyKeys(firstId, secondId);
    assertThat(first.signer().keyId()).isEqualTo(secondId);
  }

  @Test
  void a_signing_key_whose_public_key_is_not_listed_is_refused_before_anything_is_sent()
      throws IOException {
    ApprovalKeyFiles files = keys(Map.of());
    files.ensure();
    Files.writeString(files.publicKeys(), "");

    assertThatThrownBy(files::signer)
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("is not listed in .fleet/keys/approvals.pub");
  }

  @Test
  void locations_and_key_id_come_from_the_environment() {
    ApprovalKeyFiles files =
        keys(
            Map.of(
                "FLEET_APPROVAL_SIGNING_KEY_FILE", "secrets/approver.key",
                "FLEET_APPROVAL_PUBLIC_KEYS", "/etc/fleet/approvals.pub",
                "FLEET_APPROVAL_KEY_ID", "ops-2025"));

    assertThat(files.signingKey()).isEqualTo(repo.resolve("secrets/approver.key"));
    assertThat(files.publicKeys()).isEqualTo(Path.of("/etc/fleet/approvals.pub"));
  }

  @Test
  void a_configured_key_id_names_the_new_key_and_its_signatures() throws IOException {
    ApprovalKeyFiles files = keys(Map.of("FLEET_APPROVAL_KEY_ID", "ops-2025"));

    assertThat(files.ensure()).hasValue("ops-2025");
    assertThat(ApprovalKeys.parsePublicKeys(Files.readString(files.publicKeys()), "pub"))
        .containsOnlyKeys("ops-2025");
    assertThat(files.signer().keyId()).isEqualTo("ops-2025");
  }
}
