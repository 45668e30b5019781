package dev.agentfleet.starter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.audit.AuditLog;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import dev.agentfleet.ledger.audit.ChainBreak;
import dev.agentfleet.starter.cli.CliHarness;
import dev.agentfleet.starter.cost.ModelCallRows;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet ledger}, {@code fleet audit} and {@code fleet cost} against a real PostgreSQL
 * ledger, named by the variables the workers read ({@code FLEET_LEDGER_URL}, {@code
 * FLEET_LEDGER_USER}, {@code FLEET_LEDGER_PASSWORD}). The schema comes from the activities' own
 * migrations and the audit chain from their own writer, so the CLI and the workers cannot drift
 * apart unnoticed.
 */
class PostgresLedgerCliTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  private static final String RUN = "support-triage/T-1";
  private static final long T0 = 1_740_823_200_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private CliHarness cli;
  private String url;

  @BeforeEach
  void point_the_cli_at_a_postgresql_ledger_the_workers_migrated() throws Exception {
    url = postgres.newDatabase();
    cli = new CliHarness(repo);
    cli.env.put("FLEET_LEDGER_URL", url);
    cli.env.put("FLEET_LEDGER_USER", postgres.user());
    cli.env.put("FLEET_LEDGER_PASSWORD", postgres.password());
    try (Ledger ledger = workerLedger()) {
      assertThat(ledger.describe()).startsWith("jdbc:postgresql:");
    }
  }

  @Test
  void ledger_lists_the_actions_recorded_in_postgresql_oldest_first() throws Exception {
    sql(
        "INSERT INTO ledger_actions (idempotency_key, workflow_id, record_id, agent, step_id,"
            + " connector, operation, amount, currency, approved_by, attestation_json, status,"
            + " result_json, created_at, completed_at) VALUES"
            + " ('st/T-2/send', 'st/T-2', 'T-2', 'st', 'send', 'mailer', 'send', NULL, NULL, NULL,"
            + " '{}', 'pending', NULL, '2026-01-02T03:04:05.000Z', NULL),"
            + " ('st/T-1/refund', 'st/T-1', 'T-1', 'st', 'refund', 'payments', 'refund', 12.50,"
            + " 'USD', 'alice', '{}', 'completed', '{}', '2026-01-02T03:04:05.000Z',"
            + " '2026-01-02T03:04:06.000Z'),"
            + " ('st/T-0/refund', 'st/T-0', 'T-0', 'st', 'refund', 'payments', 'refund', 80,"
            + " 'USD', 'bob', '{}', 'completed', '{}', '2026-01-01T00:00:00.000Z',"
            + " '2026-01-01T00:00:01.000Z')");

    assertThat(cli.fleet("ledger", "--json")).isZero();

    JsonNode entries = JSON.readTree(cli.stdout());
    List<String> keys = new ArrayList<>();
    entries.forEach(e -> keys.add(e.path("idempotencyKey").asText()));
    assertThat(keys)
        .as("oldest first; two actions of the same millisecond in key order")
        .containsExactly("st/T-0/refund", "st/T-1/refund", "st/T-2/send");
    JsonNode refund = entries.get(1);
    assertThat(refund.path("action").asText()).isEqualTo("payments.refund");
    assertThat(refund.path("amount").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(refund.path("currency").asText()).isEqualTo("USD");
    assertThat(refund.path("approvedBy").asText()).isEqualTo("alice");
    assertThat(refund.path("at").asText()).isEqualTo("2026-01-02T03:04:06.000Z");

    assertThat(cli.fleet("ledger", "--workflow", "st/T-1", "--json")).isZero();
    assertThat(JSON.readTree(cli.stdout()))
        .singleElement()
        .satisfies(e -> assertThat(e.path("idempotencyKey").asText()).isEqualTo("st/T-1/refund"));

    assertThat(cli.fleet("ledger")).isZero();
    assertThat(cli.stdout()).contains("payments.refund").contains("12.50 USD").contains("alice");
    assertThat(repo.resolve(".fleet").resolve("ledger.db"))
        .as("the CLI read PostgreSQL, not a local file")
        .doesNotExist();
  }

  @Test
  void audit_verify_and_show_read_the_chain_the_workers_wrote_and_find_an_edit() throws Exception {
    append(
        entry(1, "model", "classify", "offline/minilm", "{\"category\":\"refund\"}", T0),
        entry(2, "decision", "route", "rule:needs_billing", "next=approve", T0 + 1),
        entry(3, "approval", "approve", "alice", "approved: receipt checked", T0 + 2),
        entry(4, "action", "refund", "alice", "{\"amount\":80}", T0 + 3),
        entry(5, "run", null, null, "completed", T0 + 4));

    assertThat(cli.fleet("audit", "verify", "--offline")).isZero();
    assertThat(cli.stdout())
        .startsWith(
            "audit log intact: 5 entries, last hash "
                + column("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1"));

    assertThat(cli.fleet("audit", "show", RUN, "--json")).isZero();
    List<String> kinds = new ArrayList<>();
    JSON.readTree(cli.stdout()).forEach(r -> kinds.add(r.path("kind").asText()));
    assertThat(kinds).containsExactly("model", "decision", "approval", "action", "run");

    // when someone with write access to the database edits an approval
    sql("UPDATE audit_log SET detail = 'approved by mallory' WHERE entry_key = '" + RUN + "#3'");

    assertThat(cli.fleet("audit", "verify", "--json", "--offline")).isEqualTo(4);
    JsonNode broken = JSON.readTree(cli.stdout()).path("firstBroken");
    assertThat(broken.path("entryKey").asText()).isEqualTo(RUN + "#3");
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.HASH_MISMATCH);
  }

  @Test
  void cost_sums_the_model_calls_recorded_in_postgresql_by_agent_and_tier() throws Exception {
    try (Connection c = open()) {
      ModelCallRows.insert(
          c,
          "st/T-1/classify",
          "support-triage",
          "small",
          1000,
          100,
          0.00021,
          300,
          false,
          "2025-06-01T09:00:00.000Z");
      ModelCallRows.insert(
          c,
          "st/T-2/classify",
          "support-triage",
          "small",
          0,
          0,
          0.0,
          10,
          true,
          "2025-06-02T09:00:00.000Z");
      ModelCallRows.insert(
          c,
          "st/T-1/draft",
          "support-triage",
          "large",
          2000,
          400,
          0.009,
          1200,
          false,
          "2025-06-02T09:00:00.000Z");
      ModelCallRows.insert(
          c,
          "lf/L-1/classify",
          "lead-followup",
          "small",
          500,
          50,
          0.000105,
          200,
          false,
          "2025-06-02T09:00:00.000Z");
    }

    assertThat(cli.fleet("cost", "--json")).isZero();

    JsonNode rows = JSON.readTree(cli.stdout());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("agent").asText()).isEqualTo("lead-followup");
    assertThat(rows.get(1).path("tier").asText()).isEqualTo("large");
    JsonNode small = rows.get(2);
    assertThat(small.path("agent").asText()).isEqualTo("support-triage");
    assertThat(small.path("calls").asLong()).isEqualTo(2);
    assertThat(small.path("inputTokens").asLong()).isEqualTo(1000);
    assertThat(small.path("outputTokens").asLong()).isEqualTo(100);
    assertThat(small.path("costUsd").asDouble()).isCloseTo(0.00021, within(1e-12));
    assertThat(small.path("cacheHits").asLong()).isEqualTo(1);
    assertThat(small.path("avgLatencyMs").asLong()).isEqualTo(155);

    assertThat(cli.fleet("cost", "--agent", "support-triage", "--since", "2025-06-02", "--json"))
        .isZero();
    JsonNode recent = JSON.readTree(cli.stdout());
    assertThat(recent).hasSize(2);
    assertThat(recent.get(1).path("calls").asLong()).isEqualTo(1);

    assertThat(cli.fleet("cost")).isZero();
    assertThat(cli.stdout()).containsPattern("total\\s+4\\s+3500\\s+550\\s+0\\.009315\\s+1\\s+428");
  }

  @Test
  void a_database_no_worker_has_migrated_has_no_actions_no_costs_and_no_audit_log() {
    String fresh = postgres.newDatabase();
    cli.env.put("FLEET_LEDGER_URL", fresh);

    assertThat(cli.fleet("ledger")).isZero();
    assertThat(cli.stdout()).startsWith("no actions in " + fresh);
    assertThat(cli.fleet("cost")).isZero();
    assertThat(cli.stdout()).startsWith("no model calls in " + fresh);
    assertThat(cli.fleet("audit", "verify", "--offline")).isEqualTo(1);
    assertThat(cli.stderr())
        .startsWith("error: " + fresh + " has no audit_log table")
        .doesNotContain("Exception");
  }

  @Test
  void sandbox_faults_are_set_listed_and_cleared_in_postgresql() throws Exception {
    assertThat(cli.fleet("sandbox", "fault", "calendar.book", "--fail-rate", "1")).isZero();
    assertThat(column("SELECT operation FROM sandbox_faults WHERE connector = 'calendar'"))
        .isEqualTo("book");

    assertThat(cli.fleet("sandbox", "faults", "--json")).isZero();
    assertThat(JSON.readTree(cli.stdout()).get(0).path("target").asText())
        .isEqualTo("calendar.book");

    assertThat(cli.fleet("sandbox", "clear")).isZero();
    assertThat(cli.stdout()).startsWith("cleared 1 sandbox fault");
    assertThat(cli.fleet("sandbox", "posts")).isZero();
    assertThat(cli.stdout()).startsWith("no posts in " + url);

    cli.env.put("FLEET_LEDGER_PASSWORD", "wrong-hunter2");
    assertThat(cli.fleet("sandbox", "fault", "crm.*", "--latency", "2s")).isEqualTo(1);
    assertThat(cli.stderr())
        .startsWith("error: cannot change sandbox_faults in " + url + ": ")
        .doesNotContain("wrong-hunter2");
  }

  @Test
  void a_failed_login_is_a_one_line_error_that_never_shows_the_password() {
    cli.env.put("FLEET_LEDGER_PASSWORD", "wrong-hunter2");

    assertThat(cli.fleet("ledger")).isEqualTo(1);
    assertThat(cli.stderr())
        .startsWith("error: cannot read the actions from " + url + ": ")
        .contains("password authentication failed")
        .doesNotContain("wrong-hunter2")
        .hasLineCount(1);

    // and a password in the URL is masked wherever the URL is shown
    cli.env.remove("FLEET_LEDGER_PASSWORD");
    cli.env.put("FLEET_LEDGER_URL", url + "?user=" + postgres.user() + "&password=in-url-secret");
    assertThat(cli.fleet("audit", "verify", "--offline")).isEqualTo(1);
    assertThat(cli.stderr())
        .contains("cannot read the audit log from " + url + "?user=fleet&password=****")
        .doesNotContain("in-url-secret");
  }

  // ---- helpers ----

  private Ledger workerLedger() {
    return new Ledger(new LedgerLocation(url, postgres.user(), postgres.password()));
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(url, postgres.user(), postgres.password());
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = open();
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  private String column(String query) throws SQLException {
    try (Connection c = open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Appends through the activities' writer, in one transaction, as a worker does. */
  private void append(AuditEntry... entries) {
    try (Ledger ledger = workerLedger()) {
      ledger.inTransaction(c -> AuditLog.append(c, List.of(entries)));
    }
  }

  private static AuditEntry entry(
      int n, String kind, String stepId, String actor, String detail, long at) {
    return new AuditEntry(
        RUN + "#" + n, RUN, "T-1", "support-triage", "def1", kind, stepId, actor, detail, at);
  }
}
