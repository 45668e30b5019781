package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.starter.approvers.ApproversException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminAccountsTest {

  private static final String ALICE = PasswordHashes.hash("pw-alice".toCharArray(), 1_000);

  private final AdminAccounts accounts =
      AdminAccounts.parse(
          "approvers:\n"
              + "  - {name: alice, roles: [billing, support], passwordHash: '"
              + ALICE
              + "'}\n"
              + "  - {name: bob, roles: [support]}\n",
          "approvers.yaml");

  @Test
  void signs_in_an_approver_with_the_roles_the_cli_would_use() {
    assertThat(accounts.authenticate("Alice", "pw-alice".toCharArray()))
        .hasValue(new Approver("alice", List.of("billing", "support")));
    assertThat(accounts.authenticate("alice", "pw-bob".toCharArray())).isEmpty();
  }

  @Test
  void an_approver_without_a_hash_or_an_unknown_name_cannot_sign_in() {
    assertThat(accounts.authenticate("bob", "".toCharArray())).isEmpty();
    assertThat(accounts.authenticate("mallory", "pw-alice".toCharArray())).isEmpty();
    assertThat(accounts.find("bob")).isEmpty();
    assertThat(accounts.size()).isEqualTo(1);
  }

  @Test
  void a_plaintext_password_in_the_file_is_refused_with_the_fix() {
    assertThatThrownBy(
            () ->
                AdminAccounts.parse(
                    "approvers: [{name: carol, roles: [billing], passwordHash: hunter2}]",
                    "config/approvers.yaml"))
        .isInstanceOf(ApproversException.class)
        .hasMessageContaining("config/approvers.yaml: carol: passwordHash is not a password hash")
        .hasMessageContaining("./fleet admin hash-password")
        .hasMessageNotContaining("hunter2");
  }
}
