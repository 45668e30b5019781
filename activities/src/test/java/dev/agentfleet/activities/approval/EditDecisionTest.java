package dev.agentfleet.activities.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalVerdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approver's edit is accepted only when it is signed and its values fit the step's edit schema;
 * a misfit is refused with each failing field named, so the approval stays open for a fix.
 */
class EditDecisionTest {

  private static final String RUN = "support-triage/T-2001";
  private static final String STEP = "billing_approval";
  private static final long REQUESTED = 1_739_999_000_000L;
  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type",
          "object",
          "additionalProperties",
          false,
          "required",
          List.of("amount"),
          "properties",
          Map.of(
              "amount", Map.of("type", "number", "minimum", 0),
              "currency", Map.of("type", "string", "pattern", "^[A-Z]{3}$")));

  @TempDir Path dir;
  private SigningKeys approvers;
  private ApprovalActivitiesImpl activities;

  @BeforeEach
  void keys() throws IOException {
    Path publicKeys = dir.resolve("approvals.pub");
    approvers = new SigningKeys("k1").trustIn(publicKeys);
    activities =
        new ApprovalActivitiesImpl(new ApprovalVerifier(ApprovalKeyRing.fromFile(publicKeys)));
  }

  private ApprovalDecision edit(Map<String, Object> values) {
    return approvers.signEdit(RUN, STEP, REQUESTED, "alice", List.of("billing"), values);
  }

  private ApprovalVerdict verify(ApprovalDecision decision, Map<String, Object> schema) {
    return activities.verify(new ApprovalCheck(RUN, STEP, REQUESTED, decision, schema));
  }

  @Test
  void a_signed_edit_whose_values_fit_the_schema_is_accepted() {
    ApprovalVerdict verdict = verify(edit(Map.of("amount", 42.5, "currency", "EUR")), SCHEMA);

    assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    assertThat(verdict.keyId()).isEqualTo("k1");
  }

  @Test
  void an_edit_that_breaks_the_schema_is_refused_naming_each_failing_field() {
    ApprovalVerdict verdict = verify(edit(Map.of("amount", -5, "currency", "euro")), SCHEMA);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("do not fit the step's edit schema")
        .contains("amount: must have a minimum value of 0")
        .contains("currency: ")
        .doesNotContain("$.");
  }

  @Test
  void a_missing_required_field_and_a_field_outside_the_schema_are_named() {
    ApprovalVerdict verdict = verify(edit(Map.of("note", "goodwill")), SCHEMA);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("amount: is required")
        .contains("note: may not be edited");
  }

  @Test
  void an_edit_where_the_step_allows_none_or_without_values_is_refused() {
    ApprovalVerdict noSchema = verify(edit(Map.of("amount", 1)), null);
    ApprovalVerdict noValues = verify(edit(null), SCHEMA);

    assertThat(noSchema.valid()).isFalse();
    assertThat(noSchema.reason()).contains("allows no edits");
    assertThat(noValues.valid()).isFalse();
    assertThat(noValues.reason()).contains("has none");
  }

  @Test
  void values_changed_after_signing_break_the_signature() {
    ApprovalDecision signed = edit(Map.of("amount", 10));
    ApprovalDecision altered =
        new ApprovalDecision(
            signed.stepId(),
            signed.decision(),
            signed.approver(),
            signed.roles(),
            signed.comment(),
            signed.workflowId(),
            signed.requestedAt(),
            signed.keyId(),
            signed.signedAt(),
            signed.signature(),
            Map.of("amount", 10_000));

    ApprovalVerdict verdict = verify(altered, SCHEMA);

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("signature does not match");
  }

  @Test
  void an_approval_on_an_editable_step_needs_no_values() {
    ApprovalDecision approve =
        approvers.sign(RUN, STEP, REQUESTED, "approve", "alice", List.of("billing"), "ok");

    assertThat(verify(approve, SCHEMA).valid()).isTrue();
  }
}
