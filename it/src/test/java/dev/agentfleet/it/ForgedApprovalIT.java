package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forged approval on a real dev server: decisions sent straight to Temporal with its CLI (no
 * signature, or a genuine signature replayed onto another run) are refused, recorded in the run and
 * the audit log, and move no money; the same approver deciding through {@code ./fleet approve}
 * (which signs with the approvers' key, created on first use in the fleet home, while the worker
 * JVM trusts its public key from there) completes the refund.
 */
class ForgedApprovalIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIRST = "support-triage/T-1014";
  private static final String SECOND = "support-triage/T-1024";

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("forged");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void raw_signals_are_refused_and_audited_and_only_a_signed_cli_decision_refunds()
      throws Exception {
    // given two large refunds waiting for a billing approver
    Path input = home.resolve("refunds.jsonl");
    List<String> refunds =
        Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("\"T-1014\"") || l.contains("\"T-1024\""))
            .toList();
    assertThat(refunds).hasSize(2);
    Files.write(input, refunds, StandardCharsets.UTF_8);
    Cli.Result started = cli.run("run", "support-triage", "--input", input.toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    awaitBillingApproval(FIRST);
    JsonNode second = awaitBillingApproval(SECOND);
    assertThat(Files.exists(home.resolve("keys/approvals.key"))).isFalse();

    // when a raw Temporal signal claims alice's billing approval
    signal(
        FIRST,
        "{\"decision\":\"approve\",\"approver\":\"alice\",\"roles\":[\"billing\"],"
            + "\"comment\":\"approved, trust me\"}");

    // then it is refused and recorded, and the run keeps waiting for a person
    JsonNode refused = awaitIgnoredSignals(FIRST, 1);
    assertThat(refused.path("status").asText()).isEqualTo("waiting-approval");
    assertThat(refused.path("currentStep").asText()).isEqualTo("billing_approval");
    assertThat(refused.path("ignoredSignals").get(0).path("reason").asText()).contains("unsigned");
    List<List<String>> audited = awaitAudit(FIRST, "approval-refused", 1);
    assertThat(audited.get(0)).containsExactly("approval-refused", "alice", "billing_approval");
    assertNoRefund(FIRST);

    // when alice approves through the CLI, which signs the decision
    Cli.Result approved = cli.run("approve", FIRST, "--as", "alice");

    // then the run accepts it and refunds once, attested by alice's signed approval
    assertThat(approved.exit()).as(approved.err()).isZero();
    assertThat(approved.err()).contains("created the approval signing key");
    awaitStatus(FIRST, "completed");
    List<List<String>> refund =
        ledgerRows(
            "SELECT approved_by, attestation_json FROM ledger_actions WHERE workflow_id = '"
                + FIRST
                + "' AND connector = 'payments'");
    assertThat(refund).hasSize(1);
    assertThat(refund.get(0).get(0)).isEqualTo("alice");
    JsonNode signature = JSON.readTree(refund.get(0).get(1)).path("signature");
    assertThat(signature.path("signature").asText()).isNotBlank();
    assertThat(signature.path("keyId").asText()).isNotBlank();
    assertThat(
            ledgerRows("SELECT COUNT(*) FROM sandbox_payments WHERE workflow_id = '" + FIRST + "'"))
        .containsExactly(List.of("1"));

    // when alice's genuine signature is replayed onto the other run, relabelled to fit it
    ObjectNode replay = JSON.createObjectNode();
    replay.put("stepId", "billing_approval");
    replay.put("decision", "approve");
    replay.put("approver", "alice");
    replay.set("roles", signature.path("roles"));
    replay.put("workflowId", SECOND);
    replay.put("requestedAt", second.path("pendingApproval").path("requestedAt").asLong());
    replay.put("keyId", signature.path("keyId").asText());
    replay.put("signedAt", signature.path("signedAt").asLong());
    replay.put("signature", signature.path("signature").asText());
    signal(SECOND, JSON.writeValueAsString(replay));

    // then the signature does not verify for it, and nothing is paid
    JsonNode replayed = awaitIgnoredSignals(SECOND, 1);
    assertThat(replayed.path("status").asText()).isEqualTo("waiting-approval");
    assertThat(replayed.path("ignoredSignals").get(0).path("reason").asText())
        .contains("signature refused")
        .contains("does not match");
    awaitAudit(SECOND, "approval-refused", 1);
    assertNoRefund(SECOND);

    // and a signed decision from the CLI still completes it
    Cli.Result secondApproved = cli.run("approve", SECOND, "--as", "alice", "--comment", "ok");
    assertThat(secondApproved.exit()).as(secondApproved.err()).isZero();
    awaitStatus(SECOND, "completed");
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();
    DemoEndToEndIT.assertNoDuplicateEffects();
  }

  private static JsonNode status(String workflowId) {
    return cli.run("status", workflowId, "--json").json();
  }

  private static JsonNode awaitBillingApproval(String workflowId) {
    return Await.until(
        workflowId + " to wait for billing",
        Duration.ofMinutes(2),
        () -> status(workflowId),
        s ->
            s.path("status").asText().equals("waiting-approval")
                && s.path("currentStep").asText().equals("billing_approval"));
  }

  private static JsonNode awaitIgnoredSignals(String workflowId, int count) {
    return Await.until(
        workflowId + " to record " + count + " refused decision(s)",
        Duration.ofSeconds(30),
        () -> status(workflowId),
        s -> s.path("ignoredSignals").size() >= count);
  }

  private static void awaitStatus(String workflowId, String expected) {
    Await.until(
        workflowId + " to be " + expected,
        Duration.ofSeconds(60),
        () -> status(workflowId),
        s -> s.path("status").asText().equals(expected));
  }

  private static List<List<String>> awaitAudit(String workflowId, String kind, int count) {
    return Await.until(
        count + " " + kind + " audit row(s) of " + workflowId,
        Duration.ofSeconds(30),
        () -> {
          try {
            return ledgerRows(
                "SELECT kind, actor, step_id FROM audit_log WHERE workflow_id = '"
                    + workflowId
                    + "' AND kind = '"
                    + kind
                    + "' ORDER BY seq");
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        },
        rows -> rows.size() >= count);
  }

  private static void assertNoRefund(String workflowId) throws Exception {
    assertThat(
            ledgerRows(
                "SELECT refund_id FROM sandbox_payments WHERE workflow_id = '" + workflowId + "'"))
        .as("refunds of %s", workflowId)
        .isEmpty();
    assertThat(
            ledgerRows(
                "SELECT idempotency_key FROM ledger_actions WHERE workflow_id = '"
                    + workflowId
                    + "' AND connector = 'payments'"))
        .isEmpty();
  }

  /** Sends a {@code decide} signal with the Temporal CLI, as anyone with access to Temporal can. */
  private static void signal(String workflowId, String json)
      throws IOException, InterruptedException {
    Path log = home.resolve("signal-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(
                TemporalDevServer.cli().toString(),
                "workflow",
                "signal",
                "--workflow-id",
                workflowId,
                "--name",
                "decide",
                "--input",
                json,
                "--address",
                server.address(),
                "--namespace",
                "default")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("temporal workflow signal finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
  }
}
