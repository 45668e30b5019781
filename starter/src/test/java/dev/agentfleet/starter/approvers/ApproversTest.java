package dev.agentfleet.starter.approvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApproversTest {

  @TempDir Path dir;

  @Test
  void loads_approvers_with_their_roles_in_file_order() throws IOException {
    Path file = dir.resolve("approvers.yaml");
    Files.writeString(
        file,
        """
        approvers:
          - name: alice
            roles: [billing, support]
          - {name: bob, roles: [support]}
        """);

    Approvers approvers = Approvers.load(file);

    assertThat(approvers.names()).containsExactly("alice", "bob");
    assertThat(approvers.require("alice").roles()).containsExactly("billing", "support");
    assertThat(approvers.find("BOB")).get().extracting(Approver::name).isEqualTo("bob");
  }

  @Test
  void an_unknown_name_fails_listing_who_is_known() {
    Approvers approvers =
        Approvers.parse("approvers: [{name: alice, roles: [billing]}]", "config/approvers.yaml");

    assertThatThrownBy(() -> approvers.require("mallory"))
        .isInstanceOf(ApproversException.class)
        .hasMessage("unknown approver 'mallory' — known approvers in config/approvers.yaml: alice");
  }

  @Test
  void a_missing_file_fails_with_an_example_of_what_to_write() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> Approvers.load(missing))
        .isInstanceOf(ApproversException.class)
        .hasMessageContaining("no approvers file at " + missing)
        .hasMessageContaining(Approvers.EXAMPLE);
  }

  @Test
  void invalid_yaml_fails_naming_the_file_and_position() {
    assertThatThrownBy(() -> Approvers.parse("approvers: [{name: alice", "a.yaml"))
        .isInstanceOf(ApproversException.class)
        .hasMessageStartingWith("a.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void a_file_without_an_approvers_list_says_what_shape_is_expected() {
    assertThatThrownBy(() -> Approvers.parse("people: []", "a.yaml"))
        .hasMessage(
            "a.yaml: expected a list under \"approvers\", for example: " + Approvers.EXAMPLE);
    assertThatThrownBy(() -> Approvers.parse("", "a.yaml"))
        .hasMessageStartingWith("a.yaml: expected a list");
  }

  @Test
  void entries_without_name_or_roles_and_repeated_names_are_each_reported() {
    String yaml =
        """
        approvers:
          - roles: [billing]
          - name: carol
          - name: dave
            roles: [support, 3]
          - {name: alice, roles: []}
          - {name: Alice, roles: [billing]}
        """;

    assertThatThrownBy(() -> Approvers.parse(yaml, "a.yaml"))
        .isInstanceOf(ApproversException.class)
        .hasMessage(
            String.join(
                "; ",
                List.of(
                    "a.yaml: approvers[0]: needs a name",
                    "approvers[1] (carol): needs a list of roles",
                    "approvers[2] (dave): every role must be a name",
                    "approvers[4]: Alice is listed twice")));
  }
}
