package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Money limits on a real dev server with the shipped rates and policy: refund tickets in several
 * currencies take the route their amount in USD decides, the approver's request names the amount
 * with its currency, {@code ledger --json} carries the currency, and the edited-playbook attack of
 * issue 11 (a copy of support-triage in which {@code support_approval} leads to {@code refund},
 * started with {@code FLEET_AGENTS_DIR}) ends with no refund and an audited refusal: a support
 * approver's signature never authorises {@code payments.refund}.
 */
class MoneyLimitsIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofMinutes(2);

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("money");
    awaitSandboxTables();
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  /** A refund ticket worded like the playbook's refund examples, so it classifies confidently. */
  private static ObjectNode ticket(String id, String price) {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id);
    t.put("from", "customer-" + id.toLowerCase() + "@example.com");
    t.put("subject", "Refund for order " + id);
    t.put(
        "body",
        "I want my money back for order A-1000"
            + id.replaceAll("\\D", "")
            + ", the blender arrived broken. Please refund the "
            + price
            + " I paid.");
    return t;
  }

  private static List<String> start(Cli client, List<ObjectNode> tickets, String file)
      throws Exception {
    Path input = home.resolve(file);
    List<String> lines = new ArrayList<>();
    for (ObjectNode t : tickets) {
      lines.add(JSON.writeValueAsString(t));
    }
    Files.write(input, lines, StandardCharsets.UTF_8);
    Cli.Result run = client.run("run", "support-triage", "--input", input.toString(), "--json");
    ok(run);
    List<String> ids = new ArrayList<>();
    run.json().path("started").forEach(s -> ids.add(s.path("workflowId").asText()));
    assertThat(ids).hasSize(tickets.size());
    return ids;
  }

  private static JsonNode status(String workflowId) {
    return cli.run("status", workflowId, "--json").json();
  }

  private static JsonNode awaitTriaged(String workflowId) {
    return Await.until(
        workflowId + " to be triaged and settle",
        SETTLE,
        () -> status(workflowId),
        s ->
            SETTLED.contains(s.path("status").asText())
                && s.path("decisions").findValues("stepId").stream()
                    .anyMatch(n -> n.asText().equals("triage")));
  }

  private static String triageRoute(JsonNode state) {
    for (JsonNode d : state.path("decisions")) {
      if (d.path("stepId").asText().equals("triage")) {
        return d.path("rule").asText() + " -> " + d.path("next").asText();
      }
    }
    return "none";
  }

  @Test
  void refunds_in_several_currencies_take_the_route_their_amount_in_usd_decides() throws Exception {
    Map<String, String> prices =
        Map.of(
            "C-1", "45 USD", // 45 USD: automatic
            "C-2", "45 KWD", // 146.25 USD: billing
            "C-3", "15 BHD", // 39.75 USD: automatic
            "C-4", "40 GBP", // 50.80 USD: billing
            "C-5", "4500 JPY", // 30.15 USD: automatic
            "C-6", "¥45 (45 CNY)", // 6.30 USD: the text states the code, automatic
            "C-7", "$20", // US, Canadian, Australian ... dollars: a person decides
            "C-8", "45 OMR"); // a currency the rates table does not know: a person decides
    List<ObjectNode> tickets = new ArrayList<>();
    prices.keySet().stream().sorted().forEach(id -> tickets.add(ticket(id, prices.get(id))));
    List<String> runs = start(cli, tickets, "currencies.jsonl");

    Map<String, String> routes = new java.util.TreeMap<>();
    for (String workflowId : runs) {
      JsonNode state = awaitTriaged(workflowId);
      assertThat(state.path("outputs").path("classify").path("category").asText())
          .as("%s classified as a refund", workflowId)
          .isEqualTo("refund");
      assertThat(state.path("outputs").path("classify").path("confidence").asDouble())
          .as("%s classified confidently", workflowId)
          .isGreaterThanOrEqualTo(0.8);
      routes.put(state.path("recordId").asText(), triageRoute(state));
    }

    assertThat(routes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "C-1", "auto_refund_small -> refund",
                "C-2", "refund_needs_billing -> billing_approval",
                "C-3", "auto_refund_small -> refund",
                "C-4", "refund_needs_billing -> billing_approval",
                "C-5", "auto_refund_small -> refund",
                "C-6", "auto_refund_small -> refund",
                "C-7", "refund_needs_billing -> billing_approval",
                "C-8", "refund_needs_billing -> billing_approval"));

    // the billing approver sees the amount with its currency, and what approving leads to
    String kwdRun = "support-triage/C-2";
    assertThat(runs).contains(kwdRun);
    JsonNode kwd = status(kwdRun);
    assertThat(kwd.path("pendingApproval").path("summary").asText()).contains("45 KWD");
    JsonNode effect = kwd.path("pendingApproval").path("effect");
    assertThat(effect.path("connector").asText()).isEqualTo("payments");
    assertThat(effect.path("operation").asText()).isEqualTo("refund");
    assertThat(effect.path("amount").asText()).isEqualTo("45");
    assertThat(effect.path("currency").asText()).isEqualTo("KWD");

    // the automatic refunds are in the ledger with their currency, and nothing else was paid
    Cli.Result ledger = cli.run("ledger", "--json");
    ok(ledger);
    Map<String, String> paid = new java.util.TreeMap<>();
    for (JsonNode e : ledger.json()) {
      if (e.path("action").asText().equals("payments.refund")) {
        paid.put(
            e.path("recordId").asText(),
            e.path("amount").decimalValue().stripTrailingZeros().toPlainString()
                + " "
                + e.path("currency").asText());
        assertThat(e.path("approvedBy").asText()).isEqualTo("rule:auto_refund_small");
      }
    }
    assertThat(paid)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("C-1", "45 USD", "C-3", "15 BHD", "C-5", "4500 JPY", "C-6", "45 CNY"));

    // when billing approves the 45 KWD refund through the CLI (a v3 signature in role billing)
    ok(cli.run("approve", kwdRun, "--as", "carol"));
    Await.until(
        kwdRun + " to complete",
        SETTLE,
        () -> status(kwdRun),
        s -> s.path("status").asText().equals("completed"));
    assertThat(
            ledgerRows(
                "SELECT amount, currency, approved_by FROM ledger_actions WHERE workflow_id = '"
                    + kwdRun
                    + "' AND connector = 'payments'"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(Double.parseDouble(row.get(0))).isEqualTo(45.0);
              assertThat(row.subList(1, 3)).containsExactly("KWD", "carol");
            });
  }

  @Test
  void the_edited_playbook_attack_ends_with_no_refund_and_an_audited_refusal() throws Exception {
    // given a copy of support-triage in which support_approval leads to refund, the billing rules
    // are disabled and every reply waits for support (the attack of issue 11), and the copy is
    // trusted by the workers
    Path edited = Files.createDirectories(home.resolve("edited-agents"));
    String playbook =
        Files.readString(Repo.root().resolve("agents/support-triage.yaml"), StandardCharsets.UTF_8);
    String attack =
        replace(
            playbook,
            Map.of(
                "steps.classify.category == 'refund' && steps.classify.confidence >= 0.8",
                "false && steps.classify.category == 'refund'",
                "when: \"steps.classify.category == 'refund'\"",
                "when: \"false\"",
                "steps.classify.category == 'billing' && has(steps.extract.amount)",
                "false && has(steps.extract.amount)",
                "when: \"steps.classify.confidence >= 0.8\"",
                "when: \"false\"",
                "onApprove: send_reply",
                "onApprove: refund"));
    Files.writeString(edited.resolve("support-triage.yaml"), attack, StandardCharsets.UTF_8);
    Cli attacker = new Cli(server.address(), home).withEnv("FLEET_AGENTS_DIR", edited.toString());
    // Workers refuse a definition they do not trust (TrustedDefinitionIT). This test shows the
    // layer below holds too: even with the edited copy trusted (published with the release key,
    // as a tricked or careless release holder would), a support approval never pays a refund.
    ok(attacker.run("agents", "publish", "support-triage"));
    ObjectNode t = ticket("X-1", "4999 USD");
    String workflowId = start(attacker, List.of(t), "attack.jsonl").get(0);

    // the support approver is asked about the reply, and the request names what approving does
    JsonNode waiting =
        Await.until(
            workflowId + " to wait for support",
            SETTLE,
            () -> status(workflowId),
            s -> s.path("pendingApproval").path("stepId").asText().equals("support_approval"));
    JsonNode effect = waiting.path("pendingApproval").path("effect");
    assertThat(effect.path("operation").asText()).isEqualTo("refund");
    assertThat(effect.path("amount").asText() + " " + effect.path("currency").asText())
        .isEqualTo("4999 USD");

    // when bob (support) approves: "the reply looks fine"
    ok(cli.run("approve", workflowId, "--as", "bob", "--comment", "the reply looks fine"));

    // then the connector refuses the refund, the refusal is audited, and nothing is paid
    JsonNode after =
        Await.until(
            workflowId + " to leave the refund step",
            SETTLE,
            () -> status(workflowId),
            s ->
                s.path("errors").findValues("type").stream()
                    .anyMatch(n -> n.asText().equals("ApprovalRequired")));
    assertThat(after.path("approvals").get(0).path("decidedBy").asText()).isEqualTo("bob");
    List<List<String>> refused =
        Await.until(
            "the refusal of " + workflowId + " in the audit log",
            Duration.ofSeconds(30),
            () -> {
              try {
                return ledgerRows(
                    "SELECT detail FROM audit_log WHERE workflow_id = '"
                        + workflowId
                        + "' AND kind = 'refused'");
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            rows -> !rows.isEmpty());
    assertThat(refused.get(0).get(0))
        .contains("refund of 4999 USD")
        .contains("role support may not authorise payments.refund");
    assertThat(
            ledgerRows(
                "SELECT refund_id FROM sandbox_payments WHERE workflow_id = '" + workflowId + "'"))
        .as("no refund")
        .isEmpty();
    assertThat(
            ledgerRows(
                "SELECT idempotency_key FROM ledger_actions WHERE workflow_id = '"
                    + workflowId
                    + "' AND connector = 'payments'"))
        .isEmpty();
    assertThat(cli.run("audit", "verify", "--json").json().path("intact").asBoolean()).isTrue();
  }

  private static String replace(String text, Map<String, String> edits) {
    String out = text;
    for (Map.Entry<String, String> e : edits.entrySet()) {
      assertThat(out).as("the shipped playbook still has %s", e.getKey()).contains(e.getKey());
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
