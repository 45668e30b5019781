package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo data end to end on a real dev server, through the CLI as a user drives it: start the
 * tickets, watch them settle, approve one, see it act once; submit the file again, start nothing.
 */
class DemoEndToEndIT extends FleetItBase {

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("demo");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void demo_tickets_run_end_to_end_and_an_approval_completes_a_refund_once() throws Exception {
    Cli.Result started =
        cli.run("run", "support-triage", "--input", example("tickets.jsonl").toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.json().path("started")).hasSize(34);
    assertThat(started.json().path("rejected")).isEmpty();

    JsonNode runs = awaitSettled(34, Duration.ofMinutes(3));
    assertThat(statuses(runs)).contains("closed", "completed", "waiting-approval");

    JsonNode pending = cli.run("pending", "--json").json();
    assertThat(pending).isNotEmpty();
    JsonNode billing = null;
    for (JsonNode p : pending) {
      if (p.path("role").asText().equals("billing") && billing == null) {
        billing = p;
      }
    }
    assertThat(billing).as("a refund waits for billing in %s", pending).isNotNull();
    String workflowId = billing.path("workflowId").asText();

    Cli.Result bobTries = cli.run("approve", workflowId, "--as", "bob");
    assertThat(bobTries.exit()).as("bob holds no billing role").isEqualTo(5);
    assertThat(bobTries.err())
        .as("the run's refusal, from the same call")
        .contains("refused because bob holds [support] but this step needs one of [billing]");
    Cli.Result approved =
        cli.run("approve", workflowId, "--as", "alice", "--comment", "receipt checked");
    assertThat(approved.exit()).as(approved.err()).isZero();

    JsonNode state =
        Await.until(
            "the approved run to finish",
            Duration.ofSeconds(60),
            () -> cli.run("status", workflowId, "--json").json(),
            s -> s.path("status").asText().equals("completed"));
    assertThat(state.path("approvals").get(0).path("decidedBy").asText()).isEqualTo("alice");
    JsonNode ledger = cli.run("ledger", "--workflow", workflowId, "--json").json();
    List<String> actions = new ArrayList<>();
    ledger.forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions).containsExactlyInAnyOrder("payments.refund", "mailer.send");
    for (JsonNode entry : ledger) {
      if (entry.path("action").asText().equals("payments.refund")) {
        assertThat(entry.path("approvedBy").asText()).isEqualTo("alice");
      }
    }

    assertNoRefundAboveLimitWithoutHuman();
    assertNoDuplicateEffects();

    Cli.Result again =
        cli.run("run", "support-triage", "--input", example("tickets.jsonl").toString(), "--json");
    assertThat(again.json().path("started")).isEmpty();
    assertThat(again.json().path("duplicates")).hasSize(34);

    assertAuditTrailVerifiesThenNamesAnEditedEntry(workflowId);
  }

  /**
   * The approved run's story is in the audit log, the whole chain verifies, and after one of its
   * entries is edited in the database, {@code audit verify} names that entry.
   */
  static void assertAuditTrailVerifiesThenNamesAnEditedEntry(String workflowId) throws Exception {
    Cli.Result shown = cli.run("audit", "show", workflowId, "--json");
    assertThat(shown.exit()).as(shown.err()).isZero();
    List<String> kinds = new ArrayList<>();
    shown.json().forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds).contains("decision", "approval", "action");

    Cli.Result intact = cli.run("audit", "verify", "--json");
    assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
    assertThat(intact.json().path("intact").asBoolean()).isTrue();
    assertThat(intact.json().path("entries").asLong()).isGreaterThanOrEqualTo(kinds.size());

    long approvalSeq =
        Long.parseLong(
            ledgerRows(
                    "SELECT seq FROM audit_log WHERE kind = 'approval' AND workflow_id = '"
                        + workflowId.replace("'", "''")
                        + "'")
                .get(0)
                .get(0));
    try (Connection db = ledger();
        PreparedStatement edit =
            db.prepareStatement("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?")) {
      edit.setLong(1, approvalSeq);
      assertThat(edit.executeUpdate()).isEqualTo(1);
    }

    Cli.Result broken = cli.run("audit", "verify", "--json");
    assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(4);
    JsonNode firstBroken = broken.json().path("firstBroken");
    assertThat(firstBroken.path("seq").asLong()).isEqualTo(approvalSeq);
    assertThat(firstBroken.path("workflowId").asText()).isEqualTo(workflowId);
    assertThat(firstBroken.path("problem").asText()).isEqualTo("hash mismatch");
  }

  static void assertNoRefundAboveLimitWithoutHuman() throws Exception {
    List<List<String>> unguarded =
        ledgerRows(
            "SELECT idempotency_key, amount, approved_by FROM ledger_actions"
                + " WHERE connector = 'payments' AND amount > 50"
                + " AND (approved_by IS NULL OR approved_by LIKE 'rule:%')");
    assertThat(unguarded).as("refunds above 50 without a human approval").isEmpty();
  }

  static void assertNoDuplicateEffects() throws Exception {
    assertThat(
            ledgerRows(
                "SELECT workflow_id, COUNT(*) FROM sandbox_payments GROUP BY workflow_id"
                    + " HAVING COUNT(*) > 1"))
        .as("runs refunded more than once")
        .isEmpty();
    assertThat(
            ledgerRows(
                "SELECT workflow_id, COUNT(*) FROM sandbox_mail WHERE to_address NOT LIKE 'role:%'"
                    + " GROUP BY workflow_id HAVING COUNT(*) > 1"))
        .as("customers mailed more than once by one run")
        .isEmpty();
  }
}
