package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.approvers.Approver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  @Test
  void a_hash_names_its_scheme_and_iterations_and_verifies_only_the_same_password() {
    String hash = PasswordHashes.hash("correct horse".toCharArray(), 2_000);

    assertThat(hash).matches("pbkdf2-sha256\\$2000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hash).doesNotContain("correct horse");
    assertThat(PasswordHashes.verify("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHashes.verify("correct hors".toCharArray(), hash)).isFalse();
    assertThat(PasswordHashes.verify("".toCharArray(), hash)).isFalse();
  }

  @Test
  void the_same_password_hashes_differently_each_time() {
    String a = PasswordHashes.hash("same".toCharArray(), 1_000);
    String b = PasswordHashes.hash("same".toCharArray(), 1_000);

    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHashes.verify("same".toCharArray(), b)).isTrue();
  }

  @Test
  void the_default_follows_owasp_for_pbkdf2_sha256() {
    assertThat(PasswordHashes.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
  }

  @Test
  void a_malformed_or_weak_hash_matches_nothing_and_says_what_is_wrong() {
    assertThat(PasswordHashes.verify("x".toCharArray(), "plaintext-password")).isFalse();
    assertThat(PasswordHashes.verify("x".toCharArray(), null)).isFalse();
    assertThatThrownBy(() -> PasswordHashes.requireWellFormed("md5$1$abc$def"))
        .hasMessageContaining("pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>");
    String weak = PasswordHashes.hash("x".toCharArray(), 1_000).replace("$1000$", "$10$");
    assertThatThrownBy(() -> PasswordHashes.requireWellFormed(weak))
        .hasMessageContaining("iteration count must be between 1000");
    assertThatThrownBy(() -> PasswordHashes.hash(new char[0], 1_000)).hasMessageContaining("empty");
  }

  @Test
  void the_documented_demo_password_signs_alice_in_with_the_repository_config() throws Exception {
    Path config = Path.of("..", "config", "approvers.yaml");
    AdminAccounts accounts = AdminAccounts.parse(Files.readString(config), config.toString());

    assertThat(accounts.authenticate("alice", "demo-alice".toCharArray()))
        .map(Approver::roles)
        .hasValueSatisfying(roles -> assertThat(roles).contains("billing"));
  }
}
