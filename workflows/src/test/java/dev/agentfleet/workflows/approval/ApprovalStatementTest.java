package dev.agentfleet.workflows.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalStatementTest {

  private static final KeyPair KEYS = keyPair();

  private static final ApprovalStatement STATEMENT =
      new ApprovalStatement(
          "support-triage/T-1014",
          "billing_approval",
          1_700_000_000_000L,
          "approve",
          "alice",
          List.of("billing", "support"),
          ApprovalStatement.commentSha256("receipt checked"),
          1_700_000_123_456L,
          "k1");

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void the_canonical_text_is_stable_so_other_signers_can_rebuild_it_byte_for_byte() {
    assertThat(STATEMENT.text())
        .isEqualTo(
            """
            agent-fleet approval statement v1
            workflowId 21 support-triage/T-1014
            stepId 16 billing_approval
            requestedAt 13 1700000000000
            decision 7 approve
            approver 5 alice
            roles 1 2
            role 7 billing
            role 7 support
            commentSha256 64 %s
            signedAt 13 1700000123456
            keyId 2 k1
            """
                .formatted(ApprovalStatement.commentSha256("receipt checked")));
  }

  @Test
  void lengths_count_utf8_bytes_and_a_missing_value_differs_from_a_dash() {
    ApprovalStatement s =
        new ApprovalStatement("wf", "s", 1, "approve", "h.müller", List.of(), null, 2, "-");

    assertThat(s.text()).contains("approver 9 h.müller\n").contains("commentSha256 -\n");
    assertThat(s.text()).contains("keyId 1 -\n");
    assertThat(ApprovalStatement.commentSha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ApprovalStatement.commentSha256(null)).isNull();
  }

  @Test
  void a_newline_in_a_value_cannot_forge_another_field() {
    ApprovalStatement honest =
        new ApprovalStatement("wf", "s", 1, "reject", "bob", List.of("support"), null, 2, "k1");
    ApprovalStatement smuggled =
        new ApprovalStatement(
            "wf", "s", 1, "reject", "bob\nroles 1 1\nrole 7 billing", List.of(), null, 2, "k1");
    ApprovalStatement splitRole =
        new ApprovalStatement("wf", "s", 1, "reject", "bob", List.of("sup", "port"), null, 2, "k1");

    assertThat(smuggled.text()).isNotEqualTo(honest.text());
    assertThat(splitRole.text()).isNotEqualTo(honest.text());
  }

  @Test
  void a_signature_verifies_for_its_statement_with_its_key() {
    String signature = ApprovalKeys.sign(KEYS.getPrivate(), STATEMENT);

    assertThat(ApprovalKeys.verify(KEYS.getPublic(), STATEMENT, signature)).isTrue();
  }

  static Stream<Arguments> tamperings() {
    return Stream.of(
        tampered(
            "another run",
            s ->
                with(
                    s,
                    "support-triage/T-1024",
                    s.stepId(),
                    s.requestedAt(),
                    s.decision(),
                    s.approver(),
                    s.roles())),
        tampered(
            "another step",
            s ->
                with(
                    s,
                    s.workflowId(),
                    "human_review",
                    s.requestedAt(),
                    s.decision(),
                    s.approver(),
                    s.roles())),
        tampered(
            "an earlier request",
            s ->
                with(
                    s,
                    s.workflowId(),
                    s.stepId(),
                    s.requestedAt() - 1,
                    s.decision(),
                    s.approver(),
                    s.roles())),
        tampered(
            "the decision",
            s ->
                with(
                    s,
                    s.workflowId(),
                    s.stepId(),
                    s.requestedAt(),
                    "reject",
                    s.approver(),
                    s.roles())),
        tampered(
            "the approver",
            s ->
                with(
                    s,
                    s.workflowId(),
                    s.stepId(),
                    s.requestedAt(),
                    s.decision(),
                    "mallory",
                    s.roles())),
        tampered(
            "the roles",
            s ->
                with(
                    s,
                    s.workflowId(),
                    s.stepId(),
                    s.requestedAt(),
                    s.decision(),
                    s.approver(),
                    List.of("billing-lead"))));
  }

  private static Arguments tampered(String what, UnaryOperator<ApprovalStatement> change) {
    return Arguments.of(what, change);
  }

  private static ApprovalStatement with(
      ApprovalStatement s,
      String workflowId,
      String stepId,
      long requestedAt,
      String decision,
      String approver,
      List<String> roles) {
    return new ApprovalStatement(
        workflowId,
        stepId,
        requestedAt,
        decision,
        approver,
        roles,
        s.commentSha256(),
        s.signedAt(),
        s.keyId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void a_signature_does_not_verify_once_a_field_is_changed(
      String what, UnaryOperator<ApprovalStatement> change) {
    String signature = ApprovalKeys.sign(KEYS.getPrivate(), STATEMENT);

    assertThat(ApprovalKeys.verify(KEYS.getPublic(), change.apply(STATEMENT), signature)).isFalse();
  }

  @Test
  void a_signature_by_another_key_or_a_malformed_one_does_not_verify() {
    String byOther = ApprovalKeys.sign(keyPair().getPrivate(), STATEMENT);

    assertThat(ApprovalKeys.verify(KEYS.getPublic(), STATEMENT, byOther)).isFalse();
    assertThat(ApprovalKeys.verify(KEYS.getPublic(), STATEMENT, "not base64!")).isFalse();
    assertThat(ApprovalKeys.verify(KEYS.getPublic(), STATEMENT, null)).isFalse();
  }

  @Test
  void the_public_keys_file_round_trips_and_names_the_line_of_a_bad_entry() {
    String line = ApprovalKeys.publicKeyLine("k1", KEYS.getPublic());
    var keys = ApprovalKeys.parsePublicKeys("# trusted\n\n" + line + "\n", "approvals.pub");

    assertThat(keys).containsOnlyKeys("k1");
    assertThat(keys.get("k1").getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());
    assertThat(ApprovalKeys.keyId(KEYS.getPublic())).matches("[0-9a-f]{16}");
    assertThatThrownBy(() -> ApprovalKeys.parsePublicKeys(line + "\nk2 AAAA\n", "approvals.pub"))
        .hasMessageContaining("approvals.pub:2")
        .hasMessageContaining("k2");
    assertThatThrownBy(() -> ApprovalKeys.parsePublicKeys(line + "\n" + line, "approvals.pub"))
        .hasMessageContaining("approvals.pub:2")
        .hasMessageContaining("listed twice");
  }
}
